"""``cardfollow init``: the profile, mail server and CRM by options or by answering prompts, the
password kept out of config.toml, and a real test message through a loopback SMTP server."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from keyring_file import keyring_env
from smtp_server import SmtpServer, smtp_server

from conftest import home, run_cli
from plugin.cli.main import cli
from plugin.config import load

PASSWORD = "s3cret:/@pw"


@pytest.fixture(autouse=True)
def _no_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """init is what sets the profile: none in the environment."""
    monkeypatch.delenv("CARDFOLLOW_PROFILE_NAME", raising=False)
    monkeypatch.delenv("CARDFOLLOW_PROFILE_EMAIL", raising=False)


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with smtp_server(tls="starttls", users={"sam@northwind.example": PASSWORD}) as running:
        yield running


def env(server: SmtpServer) -> dict[str, str]:
    return {**keyring_env({}), "SSL_CERT_FILE": str(server.ca_file)}


def config_toml() -> dict:
    return tomllib.loads((home() / "config.toml").read_text(encoding="utf-8"))


def url(server: SmtpServer, password: str | None = PASSWORD) -> str:
    return server.url("sam@northwind.example", password, local_hostname="client.cardfollow.test")


def test_options_only_write_the_profile_keep_the_password_out_and_send_a_test(
    server: SmtpServer,
) -> None:
    result = run_cli(
        "init", "--no-input", "--name", "Sam Carter", "--email", "sam@northwind.example",
        "--title", "Partnerships", "--company", "Northwind", "--signature",
        "Sam Carter\\nPartnerships, Northwind", "--smtp-url", url(server), "--crm", "local",
        env=env(server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    saved = config_toml()
    assert saved["profile"] == {
        "name": "Sam Carter",
        "email": "sam@northwind.example",
        "title": "Partnerships",
        "company": "Northwind",
        "signature": "Sam Carter\nPartnerships, Northwind",
    }
    assert saved["crm"] == "local"
    assert PASSWORD not in (home() / "config.toml").read_text(encoding="utf-8")
    assert saved["mail"]["smtp_url"] == url(server, None)
    ring = json.loads((home() / "keyring.json").read_text())
    assert ring["cardfollow/smtp:sam@northwind.example@127.0.0.1"] == PASSWORD
    assert (home() / "config.toml").stat().st_mode & 0o077 == 0  # only its owner reads it
    (message,) = server.messages
    mail = message.message()
    assert mail["Subject"] == "cardfollow: your mail server works"
    assert mail["To"] == mail["From"] == "Sam Carter <sam@northwind.example>"
    assert message.tls
    assert "test message sent to sam@northwind.example" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr


def test_a_failing_mail_server_is_reported_and_the_profile_still_kept(server: SmtpServer) -> None:
    result = run_cli(
        "init", "--no-input", "--name", "Sam Carter", "--email", "sam@northwind.example",
        "--smtp-url", url(server, "wrong"), env=env(server),
    )  # fmt: skip
    assert result.returncode == 1
    assert "the test message did not go" in result.stderr and "wrong" not in result.stderr
    assert config_toml()["profile"]["email"] == "sam@northwind.example"
    assert server.messages == []


def test_no_test_message_when_asked_not_to(server: SmtpServer) -> None:
    result = run_cli(
        "init", "--no-input", "--name", "Sam", "--email", "sam@northwind.example",
        "--smtp-url", url(server), "--no-test-mail", env=env(server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert server.messages == []


def test_without_a_name_and_email_init_says_what_to_set() -> None:
    result = run_cli("init", "--no-input", "--title", "CTO")
    assert result.returncode == 2
    assert "your name and your email" in result.stderr
    assert (
        "CARDFOLLOW_PROFILE_NAME" in result.stderr and "CARDFOLLOW_PROFILE_EMAIL" in result.stderr
    )
    assert config_toml()["profile"] == {"title": "CTO"}  # what was given is kept
    bad = run_cli("init", "--no-input", "--name", "Sam", "--email", "not-an-address")
    assert bad.returncode == 2 and "not a valid address" in bad.stderr


def test_a_bad_mail_server_url_writes_nothing() -> None:
    result = run_cli(
        "init", "--no-input", "--name", "Sam", "--email", "sam@x.example", "--smtp-url", "ftp://x"
    )
    assert result.returncode == 2
    assert not (home() / "config.toml").exists()


def test_existing_config_keeps_its_comments_and_other_settings() -> None:
    path = home() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '# my settings\n[inbox]\npath = "/tmp/cards"  # synced\n\n[profile]\nname = "Old"\n',
        encoding="utf-8",
    )
    result = run_cli("init", "--no-input", "--name", "Sam Carter", "--email", "sam@x.example")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\n") and '"/tmp/cards"  # synced' in text
    assert config_toml()["profile"] == {"name": "Sam Carter", "email": "sam@x.example"}
    assert "no mail server yet" in result.stdout


def test_interactive_prompts_build_the_mail_server_from_its_parts(
    server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env(server).items():
        monkeypatch.setenv(name, value)
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    answers = [
        "Sam Carter",  # name
        "not-an-email",  # refused, asked again
        "sam@northwind.example",
        "Partnerships",  # title
        "",  # company
        "",  # phone
        "Sam\\nNorthwind",  # signature
        server.host,  # mail server host
        str(server.port),
        "starttls",
        "",  # user: the email, as offered
        PASSWORD,
        "hubspot",  # CRM
        "pat-na1-123",  # token
    ]
    # The EHLO name comes from the URL init builds; this machine's name would ask DNS.
    monkeypatch.setattr("socket.getfqdn", lambda *a: "client.cardfollow.test")
    result = CliRunner().invoke(cli, ["init"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "is not an email address" in result.output
    assert PASSWORD not in result.output and "pat-na1-123" not in result.output
    config = load()
    assert (config["profile.name"], config["profile.email"]) == (
        "Sam Carter",
        "sam@northwind.example",
    )
    assert config["profile.signature"] == "Sam\nNorthwind" and config["profile.company"] is None
    assert config["crm"] == "hubspot"
    assert config["mail.smtp_url"] == (
        f"smtp://sam%40northwind.example@{server.host}:{server.port}?starttls=1"
    )
    ring = json.loads((home() / "keyring.json").read_text())
    assert ring["cardfollow/hubspot-token"] == "pat-na1-123"
    assert len(server.messages) == 1
