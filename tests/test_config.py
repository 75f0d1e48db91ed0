"""Settings: defaults < config.toml < environment < command line, each with its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import home
from plugin.config import ConfigError, load, mask


def write_config(text: str) -> Path:
    home().mkdir(parents=True, exist_ok=True)
    path = home() / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_layer_overrides_the_one_before(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config("[inbox]\nstable_seconds = 5\npair_seconds = 30\njobs = 2\n")
    monkeypatch.setenv("CARDFOLLOW_INBOX_PAIR_SECONDS", "12.5")
    config = load({"inbox.jobs": 4})
    assert config["inbox.stable_seconds"] == 5.0
    assert config.values["inbox.stable_seconds"].source == "config.toml [inbox] stable_seconds"
    assert config["inbox.pair_seconds"] == 12.5
    assert config.values["inbox.pair_seconds"].source == "env CARDFOLLOW_INBOX_PAIR_SECONDS"
    assert (config["inbox.jobs"], config.values["inbox.jobs"].source) == (4, "command line")
    assert config["inbox.path"] == home() / "inbox"


def test_paths_and_booleans_are_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_INBOX", "~/Cards")
    monkeypatch.setenv("CARDFOLLOW_INBOX_POLL", "yes")
    config = load()
    assert config["inbox.path"] == Path("~/Cards").expanduser()
    assert config["inbox.poll"] is True
    assert load({"inbox.poll": "auto"})["inbox.poll"] == "auto"


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("CARDFOLLOW_INBOX_STABLE_SECONDS", "soon", "expected a number"),
        ("CARDFOLLOW_INBOX_POLL", "sometimes", "expected true or false"),
        ("CARDFOLLOW_DEFAULT_REGION", "Germany", "two-letter country code"),
    ],
)
def test_bad_values_are_named(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, message: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError, match=message):
        load()


def test_a_broken_config_file_is_a_clear_error() -> None:
    path = write_config("[profile\nname = 'x'\n")
    with pytest.raises(ConfigError, match="cannot read the config file") as err:
        load()
    assert str(path) in str(err.value)
    assert err.value.exit_code == 2


def test_the_profile_becomes_the_sender() -> None:
    write_config('[profile]\nname = "Sam Carter"\nemail = "sam@northwind.example"\n')
    sender = load().sender()
    assert (sender.name, sender.email, sender.title) == (
        "Sam Carter",
        "sam@northwind.example",
        None,
    )


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        (
            "smtp://sam:hunter2@mail.example.com:587?starttls=1",
            "smtp://sam:****@mail.example.com:587?starttls=1",
        ),
        ("smtps://token@mail.example.com", "smtps://****@mail.example.com"),
        (
            "postgresql://sam@db.example/cards?password=hunter2&sslmode=require",
            "postgresql://****@db.example/cards?password=****&sslmode=require",
        ),
        (
            "postgresql://sam:hunter2@db.example/cards?sslpassword=hunter2&connect_timeout=5",
            "postgresql://sam:****@db.example/cards?sslpassword=****&connect_timeout=5",
        ),
        (
            "postgresql://db.example/cards?PASSWORD=hunter2",
            "postgresql://db.example/cards?PASSWORD=****",
        ),
        ("postgresql:///cards?host=/run/pg&password=hunter2", "****"),
        ("pat-na1-0123456789abcdef", "****"),
        ("", ""),
    ],
)
def test_secrets_are_masked(secret: str, shown: str) -> None:
    assert mask(secret) == shown
    assert "hunter2" not in mask(secret) and "0123456789" not in mask(secret)
