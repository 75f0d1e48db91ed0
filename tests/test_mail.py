"""Mail: SMTP URLs, building the email, real sends to an SMTP server on 127.0.0.1, send times."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import shutil
import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from smtp_server import SERVER_NAME, SmtpServer, smtp_server

from ocr.errors import CardfollowError, ExitCode
from plugin.mail import (
    MailConfigError,
    MailError,
    RecipientsRefusedError,
    SmtpAuthError,
    SmtpConnectionError,
    SmtpRejectedError,
    SmtpSettings,
    build_message,
    check_connection,
    is_loopback,
    local_timezone,
    new_message_id,
    parse_clock,
    parse_policy,
    parse_smtp_url,
    send_message,
    send_time,
)
from plugin.mail.message import NAME_MAX, SUBJECT_MAX, cut
from plugin.models import Sender

SECRET = "hunter2-Secret"
ME = Sender(name="Jürgen Äpfel", email="me@example.com", company="Äpfel & Co")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


# --- SMTP URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://user:pass@mail.example.com:587?starttls=1",
         ("mail.example.com", 587, "user", "pass", "starttls")),
        ("smtps://user:pass@mail.example.com:465",
         ("mail.example.com", 465, "user", "pass", "ssl")),
        ("smtps://user:pass@mail.example.com", ("mail.example.com", 465, "user", "pass", "ssl")),
        ("smtp://mail.example.com:25", ("mail.example.com", 25, None, None, "none")),
        ("smtp://mail.example.com", ("mail.example.com", 25, None, None, "none")),
        # A user and no port: authenticated submission, port 587 with STARTTLS.
        ("smtp://me%40example.com:p%40ss%3Aw%2Frd%23@mail.example.com",
         ("mail.example.com", 587, "me@example.com", "p@ss:w/rd#", "starttls")),
        ("smtp://u:p@mail.example.com:587", ("mail.example.com", 587, "u", "p", "starttls")),
        ("smtp://u:p@mail.example.com:2525?starttls=true",
         ("mail.example.com", 2525, "u", "p", "starttls")),
        ("smtp://u:p@mail.example.com?starttls=1", ("mail.example.com", 587, "u", "p", "starttls")),
        ("smtp://mail.example.com:587?starttls=0", ("mail.example.com", 587, None, None, "none")),
        ("smtp://u:p@mail.example.com:25?insecure=1", ("mail.example.com", 25, "u", "p", "none")),
        # A password in clear text is fine when it never leaves this machine.
        ("smtp://u:p@localhost:1025", ("localhost", 1025, "u", "p", "none")),
        ("smtp://u:p@127.0.0.1:1025?starttls=off", ("127.0.0.1", 1025, "u", "p", "none")),
        ("smtp://[::1]:2525", ("::1", 2525, None, None, "none")),
        ("SMTP://Mail.Example.COM:25", ("mail.example.com", 25, None, None, "none")),
        ("smtps://u:p@bücher.example", ("xn--bcher-kva.example", 465, "u", "p", "ssl")),
    ],
)  # fmt: skip
def test_smtp_url_forms(url: str, expected: tuple) -> None:
    s = parse_smtp_url(url)
    assert (s.host, s.port, s.username, s.password, s.security) == expected
    assert s.timeout == 30.0


def test_smtp_url_parameters() -> None:
    s = parse_smtp_url("smtp://mail.example.com?timeout=2.5&local_hostname=laptop.example.com")
    assert (s.timeout, s.local_hostname, s.insecure) == (2.5, "laptop.example.com", False)
    assert parse_smtp_url("smtp://u:p@mail.example.com:25?insecure=yes").insecure


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "no SMTP URL"),
        (f"http://u:{SECRET}@mail.example.com", "smtp:// or smtps://"),
        (f"u:{SECRET}@mail.example.com", "smtp:// or smtps://"),
        (f"smtp://u:{SECRET}@mail.example.com:99999", "port"),
        (f"smtp://u:{SECRET}@mail.example.com:0", "port"),
        (f"smtp://u:{SECRET}@mail.example.com:abc", "port"),
        # An unencoded "#" cuts the URL inside the password: named, and nothing of it shown.
        ("smtp://u:hunter#2secret@mail.example.com", "percent-encoded"),
        (f"smtp://u:{SECRET}@mail.example.com:25", "in clear text"),
        (f"smtp://u:{SECRET}@mail.example.com:587?starttls=0", "in clear text"),
        (f"smtp://u:{SECRET}@mail.example.com?startls=1", "unknown parameter 'startls'"),
        (f"smtp://u:{SECRET}@mail.example.com?starttls=maybe", "starttls must be"),
        (f"smtp://u:{SECRET}@mail.example.com?starttls=1&starttls=0", "given twice"),
        (f"smtp://u:{SECRET}@mail.example.com?timeout=-1", "timeout"),
        (f"smtp://u:{SECRET}@mail.example.com?timeout=soon", "timeout"),
        (f"smtps://u:{SECRET}@mail.example.com?starttls=1", "TLS already"),
        (f"smtp://u:{SECRET}@mail.example.com/inbox", "after the host"),
        (f"smtp://u:{SECRET}@", "no host"),
        (f"smtp://u:{SECRET}@mail_server!.example.com", "not a valid name"),
        (f"smtp://:{SECRET}@mail.example.com:587", "no user name"),
    ],
)
def test_bad_smtp_urls_are_named_without_the_password(url: str, message: str) -> None:
    with pytest.raises(MailConfigError, match=message) as err:
        parse_smtp_url(url)
    text = str(err.value)
    assert SECRET not in text and "hunter" not in text and "2secret" not in text
    assert isinstance(err.value, CardfollowError)
    assert err.value.exit_code == ExitCode.usage
    assert err.value.__cause__ is None


def test_password_comes_from_the_keyring_when_the_url_has_none() -> None:
    asked: list[str] = []

    def lookup(name: str) -> str | None:
        asked.append(name)
        return SECRET if name == "smtp:me@example.com@mail.example.com" else None

    s = parse_smtp_url("smtps://me%40example.com@mail.example.com", password_lookup=lookup)
    assert (s.username, s.password, asked) == ("me@example.com", SECRET, [s.keyring_name])
    # A password in the URL wins; the keyring is not asked.
    asked.clear()
    assert parse_smtp_url("smtps://u:given@mail.example.com", password_lookup=lookup).password == (
        "given"
    )
    assert asked == []
    # No user: nothing to look up.
    assert parse_smtp_url("smtp://mail.example.com", password_lookup=lookup).password is None
    assert asked == []


def test_a_user_without_any_password_names_the_keyring_entry() -> None:
    with pytest.raises(MailConfigError, match=r"keyring set cardfollow smtp:me@mail\.example\.com"):
        parse_smtp_url("smtps://me@mail.example.com", password_lookup=lambda name: None)
    with pytest.raises(MailConfigError, match="no SMTP password"):
        parse_smtp_url("smtps://me@mail.example.com")


def test_settings_never_show_the_password() -> None:
    s = parse_smtp_url(f"smtps://me:{SECRET}@mail.example.com")
    for shown in (repr(s), str(s), f"{s}", f"{s!r}", repr([s])):
        assert SECRET not in shown
        assert "'****'" in shown and "mail.example.com" in shown
    assert "password=None" in repr(parse_smtp_url("smtp://mail.example.com"))


def test_settings_refuse_a_clear_text_password_however_they_are_made() -> None:
    with pytest.raises(MailConfigError, match="in clear text") as err:
        SmtpSettings("mail.example.com", 25, "me", SECRET, "none")
    assert SECRET not in str(err.value)
    SmtpSettings("mail.example.com", 25, "me", SECRET, "none", insecure=True)
    SmtpSettings("127.0.0.1", 25, "me", SECRET, "none")
    with pytest.raises(MailConfigError, match="security"):
        SmtpSettings("mail.example.com", 25, security="tls")  # type: ignore[arg-type]
    with pytest.raises(MailConfigError, match="timeout"):
        SmtpSettings("mail.example.com", 25, timeout=0)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("LOCALHOST.", True), ("127.0.0.1", True), ("127.8.9.1", True),
     ("::1", True), ("[::1]", True), ("mail.localhost", True), ("10.0.0.1", False),
     ("localhost.example.com", False), ("mail.example.com", False), ("::2", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


# --- building the message ----------------------------------------------------------------------

WHEN = dt.datetime(2025, 3, 14, 9, 30, tzinfo=BERLIN)


def follow_up(**changes: object) -> EmailMessage:
    args: dict = {
        "subject": "Schön, Sie in Lissabon getroffen zu haben",
        "text": "Hallo Ada,\n\nes war schön.\n.\n.leading dot\n\nJürgen",
        "html": "<p>Hallo Ada,</p><p>es war <b>schön</b>.</p>",
        "sender": ME,
        "to_name": "Ada Lovelace",
        "to_email": "ada@example.com",
        "message_id": "<card-42.1@example.com>",
        "date": WHEN,
    }
    args.update(changes)
    return build_message(**args)


def content_of(msg: EmailMessage, kind: str) -> str:
    """A text part's content with plain newlines (the wire's CRLF stay in a parsed message)."""
    part = msg.get_body((kind,))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


def reparsed(msg: EmailMessage) -> EmailMessage:
    parsed = BytesParser(policy=policy.default).parsebytes(msg.as_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_message_headers_and_parts() -> None:
    msg = reparsed(follow_up())
    assert msg["Subject"] == "Schön, Sie in Lissabon getroffen zu haben"
    assert msg["From"].addresses[0].display_name == "Jürgen Äpfel"
    assert msg["From"].addresses[0].addr_spec == "me@example.com"
    assert str(msg["To"]) == "Ada Lovelace <ada@example.com>"
    assert msg["Date"].datetime == WHEN
    assert msg["Message-ID"] == "<card-42.1@example.com>"
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert content_of(msg, "plain").rstrip("\n") == follow_up_text()
    assert "<b>schön</b>" in content_of(msg, "html")
    assert [p["MIME-Version"] for p in msg.iter_parts()] == [None, None]
    raw = follow_up().as_bytes()
    assert raw.isascii()  # 7-bit clean: names are RFC 2047 words, bodies quoted-printable


def follow_up_text() -> str:
    return "Hallo Ada,\n\nes war schön.\n.\n.leading dot\n\nJürgen"


def test_text_only_message_and_defaults() -> None:
    msg = build_message(
        subject="Hi",
        text="Plain\r\nlines\r",
        html=None,
        sender=Sender(email="me@example.com"),
        to_name=None,
        to_email="ada@example.com",
    )
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content() == "Plain\nlines\n"
    assert str(msg["From"]) == "me@example.com" and str(msg["To"]) == "ada@example.com"
    assert msg["Message-ID"].endswith("@example.com>")
    assert msg["Date"].datetime.utcoffset() is not None
    assert abs(msg["Date"].datetime - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_message_ids() -> None:
    first, second = new_message_id("me@Example.com"), new_message_id("me@example.com")
    assert first != second and first.startswith("<") and first.endswith("@example.com>")
    assert follow_up(message_id="abc.1@example.com")["Message-ID"] == "<abc.1@example.com>"
    for bad in ("no spaces@x y", "<a@b>\r\nBcc: x@evil.example", "nodomain"):
        with pytest.raises(MailError, match="Message-ID"):
            follow_up(message_id=bad)
    assert new_message_id("not an address").endswith("@cardfollow.invalid>")
    assert new_message_id(None).endswith("@cardfollow.invalid>")
    assert new_message_id("ada@bücher.example").endswith("@xn--bcher-kva.example>")


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "Hello\r\nBcc: victim@evil.example"},
        {"subject": "Hello\nBcc: victim@evil.example\n\nInjected body"},
        {"to_name": "Ada\r\nBcc: victim@evil.example"},
        {"sender": Sender(name="Me\nBcc: victim@evil.example", email="me@example.com")},
        {"headers": {"X-Cardfollow-Card": "42\r\nBcc: victim@evil.example"}},
        {"subject": "Hello\u2028Bcc: victim@evil.example\x00\x1b[31m"},
    ],
)
def test_card_text_cannot_add_headers(changes: dict) -> None:
    raw = follow_up(**changes).as_bytes()
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    msg = reparsed(follow_up(**changes))
    assert msg["Bcc"] is None and not msg.defects and len(msg.get_all("Subject")) == 1
    assert content_of(msg, "plain").rstrip("\n") == follow_up_text()
    assert all("\n" not in str(value) and "\r" not in str(value) for value in msg.values())


@pytest.mark.parametrize(
    "headers",
    [{"Bcc": "victim@evil.example"}, {"From": "ceo@example.com"}, {"X Bad": "1"},
     {"X-Bad:Name": "1"}, {"Content-Type": "text/html"}],
)  # fmt: skip
def test_extra_headers_cannot_replace_the_built_ones(headers: dict) -> None:
    with pytest.raises(MailError, match="cannot be set"):
        follow_up(headers=headers)


def test_extra_headers_and_reply_to() -> None:
    msg = reparsed(follow_up(headers={"X-Cardfollow-Card": "42"}, reply_to="desk@example.com"))
    assert (msg["X-Cardfollow-Card"], msg["Reply-To"]) == ("42", "desk@example.com")


def test_long_text_is_folded_and_cut_in_headers_never_in_the_body() -> None:
    subject = "Great to meet you " + "wonderful " * 400 + "x" * 2000
    body = "y" * 5000 + "\n" + "Zürich " * 1000
    msg = follow_up(subject=subject, text=body, to_name="Ada " * 200)
    raw = msg.as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322's hard limit
    back = reparsed(msg)
    assert back["Subject"].startswith("Great to meet you wonderful wonderful")
    assert back["Subject"].endswith("wonderful…") and len(back["Subject"]) <= SUBJECT_MAX
    assert content_of(back, "plain").rstrip("\n") == body  # the body is never cut
    name = back["To"].addresses[0].display_name
    assert name.startswith("Ada Ada") and name.endswith("…") and len(name) <= NAME_MAX


@pytest.mark.parametrize(
    "changes",
    [
        {"to_name": "A" * 100_000},  # one word: nothing to fold at
        {"to_name": "Ann " * 25_000, "subject": "Ü" * 100_000},
        {"sender": Sender(name="Jürgen" * 20_000, email="me@example.com")},
        {"subject": "Hello " + "x" * 100_000, "headers": {"X-Cardfollow-Card": "7" * 100_000}},
    ],
    ids=["name-one-word", "name-and-subject", "sender", "subject-and-extra"],
)
def test_a_100_kb_field_keeps_every_header_line_within_78(changes: dict) -> None:
    msg = follow_up(**changes)
    head, _, _ = msg.as_bytes().partition(b"\r\n\r\n")
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
    assert len(head) < 2000
    back = reparsed(msg)
    assert not back.defects and back["To"].addresses[0].addr_spec == "ada@example.com"
    assert content_of(back, "plain").rstrip("\n") == follow_up_text()


def test_cut_keeps_short_values_and_ends_long_ones_with_an_ellipsis() -> None:
    assert cut("Ada Lovelace", 64) == "Ada Lovelace"
    assert cut("a" * 70, 64) == "a" * 63 + "…"
    assert cut("word " * 30, 64) == ("word " * 12).strip() + "…"


def test_missing_or_bad_addresses() -> None:
    with pytest.raises(MailConfigError, match=r"profile has no email.*profile\.email"):
        follow_up(sender=Sender(name="Me"))
    with pytest.raises(MailConfigError, match="your profile email"):
        follow_up(sender=Sender(email="me at example"))
    for bad in ("ada@@example.com", "ada@example.com\r\nBcc: x@evil.example", "", "ada"):
        with pytest.raises(MailError, match="recipient") as err:
            follow_up(to_email=bad)
        assert not isinstance(err.value, MailConfigError) and err.value.permanent
    with pytest.raises(MailError, match="no subject"):
        follow_up(subject=" \r\n ")
    with pytest.raises(ValueError, match="timezone-aware"):
        follow_up(date=dt.datetime(2025, 3, 14, 9, 30))


def test_international_domain_goes_as_ascii() -> None:
    msg = follow_up(to_email="ada@bücher.example")
    assert str(msg["To"]) == "Ada Lovelace <ada@xn--bcher-kva.example>"


# --- sending to a real SMTP server -------------------------------------------------------------


def received_equals_built(server: SmtpServer, built: EmailMessage) -> EmailMessage:
    assert len(server.messages) == 1
    got = server.messages[0].message()
    for header in ("Subject", "From", "To", "Date", "Message-ID"):
        assert str(got[header]) == str(built[header]), header
    assert content_of(got, "plain") == content_of(built, "plain")
    assert content_of(got, "html") == content_of(built, "html")
    assert server.messages[0].data == built.as_bytes()  # byte for byte, dots unstuffed
    return got


def test_plain_send_arrives_as_built() -> None:
    built = follow_up()
    with smtp_server() as server:
        result = send_message(server.settings(), built)
        got = received_equals_built(server, built)
        assert server.messages[0].mail_from == "me@example.com"
        assert server.messages[0].rcpt_tos == ("ada@example.com",)
        assert not server.messages[0].tls and server.logins == []
    assert content_of(got, "plain").rstrip("\n") == follow_up_text()
    assert result.message_id == "<card-42.1@example.com>"
    assert result.accepted == ("ada@example.com",) and result.refused == {}
    assert result.reply.startswith("250 ") and "queued" in result.reply


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_login_over_starttls(mechanism: str) -> None:
    built = follow_up()
    with smtp_server(tls="starttls", users={"me": SECRET}, mechanisms=(mechanism,)) as server:
        send_message(server.settings("me", SECRET), built, ssl_context=server.client_context())
        received_equals_built(server, built)
        # The password went only over TLS, and the mail too.
        assert [(x.user, x.mechanism, x.tls, x.ok) for x in server.logins] == [
            ("me", mechanism, True, True)
        ]
        assert server.messages[0].tls and server.messages[0].user == "me"


def test_login_over_smtps_from_a_url() -> None:
    built = follow_up()
    with smtp_server(tls="ssl", users={"me@example.com": SECRET}) as server:
        settings = parse_smtp_url(server.url("me@example.com", SECRET))
        assert settings.security == "ssl"
        send_message(settings, built, ssl_context=server.client_context())
        received_equals_built(server, built)
        assert server.messages[0].tls and server.logins[0].tls
        assert check_connection(settings, ssl_context=server.client_context()).startswith(
            SERVER_NAME
        )


def test_plain_login_on_loopback_from_a_url_with_the_keyring() -> None:
    built = follow_up()
    with smtp_server(users={"me": SECRET}) as server:
        url = server.url("me", local_hostname="client.test")
        settings = parse_smtp_url(url, password_lookup={f"smtp:me@{server.host}": SECRET}.get)
        send_message(settings, built)
        assert server.messages[0].user == "me"


def test_wrong_password_is_a_permanent_auth_error_without_the_password() -> None:
    with smtp_server(tls="starttls", users={"me": "right"}) as server:
        with pytest.raises(SmtpAuthError) as err:
            send_message(
                server.settings("me", SECRET), follow_up(), ssl_context=server.client_context()
            )
        # smtplib tries each method both sides know (PLAIN, then LOGIN); none let it in.
        assert server.messages == [] and server.logins
        assert not any(x.ok for x in server.logins)
    assert err.value.permanent and not err.value.ambiguous and err.value.code == 535
    assert SECRET not in str(err.value) and "refused the login as me" in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_no_login_where_the_server_wants_one_is_permanent() -> None:
    with smtp_server(users={"me": SECRET}) as server, pytest.raises(SmtpRejectedError) as err:
        send_message(server.settings(), follow_up())
    assert err.value.permanent and err.value.code == 530


def test_starttls_missing_means_no_password_is_sent() -> None:
    with smtp_server(users={"me": SECRET}) as server:
        settings = SmtpSettings(server.host, server.port, "me", SECRET, "starttls", timeout=5)
        with pytest.raises(SmtpRejectedError, match="no STARTTLS") as err:
            send_message(settings, follow_up())
        assert server.logins == [] and server.messages == []
    assert err.value.permanent


def test_an_untrusted_certificate_stops_before_the_login() -> None:
    with smtp_server(tls="starttls", users={"me": SECRET}) as server:
        with pytest.raises(SmtpConnectionError, match="not trusted") as err:
            send_message(server.settings("me", SECRET), follow_up())  # system CAs only
        assert server.logins == [] and server.messages == []
    assert err.value.permanent and not err.value.ambiguous


def test_tls_to_a_plain_server_is_named() -> None:
    with smtp_server() as server, pytest.raises(SmtpConnectionError, match="TLS with") as err:
        send_message(SmtpSettings(server.host, server.port, security="ssl", timeout=5), follow_up())
    assert err.value.permanent


def test_a_refused_recipient_is_permanent() -> None:
    with smtp_server() as server:
        server.refuse_rcpt["ada@example.com"] = "550 5.1.1 <ada@example.com>: no such user"
        with pytest.raises(RecipientsRefusedError, match="no such user") as err:
            send_message(server.settings(), follow_up())
        assert server.messages == []
    assert err.value.permanent and not err.value.ambiguous and err.value.code == 550
    assert err.value.refused == {"ada@example.com": (550, "5.1.1 <ada@example.com>: no such user")}


def test_one_refused_recipient_of_two_is_reported_and_the_other_gets_it() -> None:
    msg = follow_up()
    msg["Cc"] = "Charles <charles@example.com>"
    with smtp_server() as server:
        server.refuse_rcpt["charles@example.com"] = "550 5.1.1 unknown"
        result = send_message(server.settings(), msg)
        assert server.messages[0].rcpt_tos == ("ada@example.com",)
    assert result.accepted == ("ada@example.com",)
    assert result.refused == {"charles@example.com": (550, "5.1.1 unknown")}


def test_greylisting_at_rcpt_is_temporary() -> None:
    with smtp_server() as server:
        server.refuse_rcpt["ada@example.com"] = "451 4.7.1 greylisted, try again later"
        with pytest.raises(RecipientsRefusedError) as err:
            send_message(server.settings(), follow_up())
    assert not err.value.permanent and err.value.code == 451


@pytest.mark.parametrize(
    ("stage", "reply", "permanent"),
    [
        ("data", "451 4.3.0 Temporary local problem, try later", False),
        ("data", "554 5.7.1 Message rejected as spam", True),
        ("mail", "553 5.7.1 Sender address not allowed", True),
        ("mail", "421 4.7.0 Too many connections", False),
    ],
)
def test_refusals_are_classified_by_their_code(stage: str, reply: str, permanent: bool) -> None:
    with smtp_server() as server:
        setattr(server, f"{stage}_reply", reply)
        with pytest.raises(SmtpRejectedError, match=reply[4:20]) as err:
            send_message(server.settings(), follow_up())
        assert server.messages == []
    assert err.value.permanent is permanent and not err.value.ambiguous
    assert err.value.code == int(reply[:3])


def test_the_password_is_scrubbed_from_what_a_server_says() -> None:
    with smtp_server(users={"me": SECRET}) as server:
        server.data_reply = f"554 5.0.0 do not echo {SECRET} back"
        with pytest.raises(SmtpRejectedError) as err:
            send_message(server.settings("me", SECRET), follow_up())
    assert SECRET not in str(err.value) and "do not echo **** back" in str(err.value)


def test_connection_dropped_after_the_message_is_ambiguous() -> None:
    with smtp_server() as server:
        server.drop_after_data = True
        with pytest.raises(SmtpConnectionError, match="may have been sent") as err:
            send_message(server.settings(), follow_up())
        assert len(server.messages) == 1  # it did arrive: never re-send blindly
    assert err.value.ambiguous and not err.value.permanent


def test_no_reply_after_the_message_is_ambiguous() -> None:
    with smtp_server() as server:
        server.stall_after_data = 3.0
        settings = server.settings(timeout=0.3)
        with pytest.raises(SmtpConnectionError, match=r"did not answer within 0\.3 s") as err:
            send_message(settings, follow_up())
    assert err.value.ambiguous and not err.value.permanent


def test_nobody_listening_is_temporary_and_not_ambiguous() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SmtpConnectionError, match="cannot connect") as err:
        send_message(SmtpSettings("127.0.0.1", port, security="none", timeout=2), follow_up())
    assert not err.value.permanent and not err.value.ambiguous


def test_bcc_goes_in_the_envelope_only() -> None:
    msg = follow_up()
    msg["Bcc"] = "crm-dropbox@example.com"
    with smtp_server() as server:
        result = send_message(server.settings(), msg)
        received = server.messages[0]
    assert received.rcpt_tos == ("ada@example.com", "crm-dropbox@example.com")
    assert b"crm-dropbox" not in received.data and received.message()["Bcc"] is None
    assert msg["Bcc"] == "crm-dropbox@example.com"  # the caller's message is left as it was
    assert len(result.accepted) == 2


def test_non_ascii_address_uses_smtputf8() -> None:
    built = follow_up(to_email="jürgen@example.com", to_name="Jürgen")
    with smtp_server() as server:
        send_message(server.settings(), built)
        received = server.messages[0]
    assert "SMTPUTF8" in received.mail_options and received.rcpt_tos == ("jürgen@example.com",)
    assert received.message()["To"].addresses[0].addr_spec == "jürgen@example.com"


def test_a_message_without_sender_or_recipient_is_refused_before_connecting() -> None:
    nowhere = SmtpSettings("127.0.0.1", 9, security="none")  # nothing is sent: no server needed
    msg = follow_up()
    del msg["To"]
    with pytest.raises(MailError, match="no recipient"):
        send_message(nowhere, msg)
    msg = follow_up()
    del msg["From"]
    with pytest.raises(MailError, match="exactly one From"):
        send_message(nowhere, msg)


# --- when a follow-up goes ---------------------------------------------------------------------


def at(zone: ZoneInfo, text: str, fold: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone, fold=fold)


@pytest.mark.parametrize(
    ("approved", "policy", "expected"),
    [
        # 2024-03-12 is a Tuesday.
        ("2024-03-12T08:00", "morning", "2024-03-12T09:00"),  # before the morning: that morning
        ("2024-03-11T08:59:59", "morning", "2024-03-11T09:00"),
        ("2024-03-12T09:00", "morning", "2024-03-13T09:00"),  # at it: strictly after → next day
        ("2024-03-12T09:00:01", "morning", "2024-03-13T09:00"),
        ("2024-03-12T23:30", "morning", "2024-03-13T09:00"),
        ("2024-03-15T18:00", "morning", "2024-03-18T09:00"),  # Friday evening → Monday
        ("2024-03-15T08:00", "morning", "2024-03-15T09:00"),  # Friday early → that morning
        ("2024-03-16T10:00", "morning", "2024-03-18T09:00"),  # Saturday
        ("2024-03-17T08:00", "morning", "2024-03-18T09:00"),  # Sunday before nine
        ("2024-03-12T10:00", "14:30", "2024-03-12T14:30"),
        ("2024-03-12T15:00", "14:30", "2024-03-13T14:30"),
        ("2024-03-15T15:00", "14:30", "2024-03-18T14:30"),
        ("2024-03-12T07:00", "8:05", "2024-03-12T08:05"),
        ("2024-03-12T23:59", "00:00", "2024-03-13T00:00"),
        ("2024-03-15T23:59", "00:00", "2024-03-18T00:00"),
    ],
)
def test_send_times_in_berlin(approved: str, policy: str, expected: str) -> None:
    got = send_time(at(BERLIN, approved), policy, tz=BERLIN)
    assert got.tzinfo is dt.UTC
    assert got == at(BERLIN, expected)


def test_now_is_the_approval_instant_in_utc() -> None:
    approved = at(BERLIN, "2024-03-16T03:17:45")
    assert send_time(approved, "now", tz=NEW_YORK) == approved
    assert send_time(approved, " NOW ", tz=NEW_YORK).tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("zone", "approved", "policy", "workdays", "expected_utc"),
    [
        # The weekend the clocks go forward: Monday 09:00 is an hour earlier in UTC.
        (BERLIN, "2024-03-29T20:00", "morning", None, "2024-04-01T07:00"),
        (BERLIN, "2024-03-30T20:00", "morning", None, "2024-04-01T07:00"),
        (BERLIN, "2024-10-25T20:00", "morning", None, "2024-10-28T08:00"),  # and back
        (NEW_YORK, "2024-03-09T12:00", "morning", None, "2024-03-11T13:00"),
        (NEW_YORK, "2024-11-01T17:00", "morning", None, "2024-11-04T14:00"),
        # A time the switch skips moves forward by the gap: 02:30 → 03:30 summer time.
        (BERLIN, "2024-03-31T01:00", "02:30", range(7), "2024-03-31T01:30"),
        (NEW_YORK, "2024-03-10T00:00", "02:30", range(7), "2024-03-10T07:30"),
        # A time that happens twice is its first occurrence (still summer time).
        (BERLIN, "2024-10-27T00:00", "02:30", range(7), "2024-10-27T00:30"),
        (NEW_YORK, "2024-11-03T00:00", "01:30", range(7), "2024-11-03T05:30"),
        # Approved after the first 01:30 (in the repeated hour): the next day's.
        (NEW_YORK, "2024-11-03T01:45", "01:30", range(7), "2024-11-04T06:30"),
    ],
)
def test_send_times_across_clock_changes(
    zone: ZoneInfo, approved: str, policy: str, workdays: range | None, expected_utc: str
) -> None:
    kwargs = {"workdays": workdays} if workdays is not None else {}
    got = send_time(at(zone, approved), policy, tz=zone, **kwargs)
    assert got == dt.datetime.fromisoformat(expected_utc).replace(tzinfo=dt.UTC)


def test_send_time_uses_the_users_zone_not_the_approvals() -> None:
    # 23:30 UTC on Tuesday is 08:30 Wednesday in Tokyo: that Wednesday morning.
    tokyo = ZoneInfo("Asia/Tokyo")
    got = send_time(dt.datetime(2024, 3, 12, 23, 30, tzinfo=dt.UTC), "morning", tz=tokyo)
    assert got == dt.datetime(2024, 3, 13, 0, 0, tzinfo=dt.UTC)


def test_own_morning_and_workdays() -> None:
    # A Sunday-to-Thursday week: Thursday after the morning → Sunday.
    got = send_time(
        at(BERLIN, "2024-03-14T10:00"),
        "morning",
        tz=BERLIN,
        morning=dt.time(7, 30),
        workdays=(6, 0, 1, 2, 3),
    )
    assert got == at(BERLIN, "2024-03-17T07:30")
    with pytest.raises(MailConfigError, match="workdays"):
        send_time(at(BERLIN, "2024-03-14T10:00"), "morning", tz=BERLIN, workdays=())
    with pytest.raises(MailConfigError, match="workdays"):
        send_time(at(BERLIN, "2024-03-14T10:00"), "morning", tz=BERLIN, workdays=(7,))


def test_every_morning_send_is_the_first_one_after_approval() -> None:
    approved = at(BERLIN, "2024-01-01T00:00")
    while approved.year == 2024:
        got = send_time(approved, "morning", tz=BERLIN)
        local = got.astimezone(BERLIN)
        assert got > approved and local.time() == dt.time(9, 0) and local.weekday() < 5
        # The workday morning before it was not after the approval.
        earlier = local.date() - dt.timedelta(days=1)
        while earlier.weekday() >= 5:
            earlier -= dt.timedelta(days=1)
        assert dt.datetime.combine(earlier, dt.time(9, 0), tzinfo=BERLIN) <= approved
        approved += dt.timedelta(minutes=97)


def test_naive_approval_times_are_a_bug() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        send_time(dt.datetime(2024, 3, 12, 8, 0), "morning", tz=BERLIN)


@pytest.mark.parametrize(
    ("text", "policy"),
    [("now", "now"), (" Morning ", "morning"), ("8:30", "08:30"), ("23:59", "23:59"),
     ("00:00", "00:00")],
)  # fmt: skip
def test_policies(text: str, policy: str) -> None:
    assert parse_policy(text) == policy


@pytest.mark.parametrize("text", ["", "soon", "24:00", "9", "09:60", "9h", "08:30:00", "-1:00"])
def test_bad_policies(text: str) -> None:
    with pytest.raises(MailConfigError, match='"now", "morning" or a time') as err:
        parse_policy(text)
    assert err.value.exit_code == ExitCode.usage
    with pytest.raises(MailConfigError):
        send_time(at(BERLIN, "2024-03-12T08:00"), text, tz=BERLIN)


def test_clock_setting() -> None:
    assert parse_clock("09:00") == dt.time(9, 0) and parse_clock(" 7:45") == dt.time(7, 45)
    with pytest.raises(MailConfigError, match="09:00"):
        parse_clock("nine")


# --- the user's time zone ----------------------------------------------------------------------


def zone_file(key: str) -> Path:
    return Path(str(importlib.resources.files("tzdata").joinpath("zoneinfo", *key.split("/"))))


def test_named_zones() -> None:
    assert local_timezone("Europe/Berlin") == BERLIN
    assert local_timezone(" America/New_York ") == NEW_YORK
    for bad in ("Mars/Olympus_Mons", "../../etc/passwd", "Europe", "/etc/localtime", "Berlin"):
        with pytest.raises(MailConfigError, match="unknown time zone") as err:
            local_timezone(bad)
        assert err.value.exit_code == ExitCode.usage


def test_the_machines_zone_from_tz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "no-localtime"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert str(local_timezone(None, localtime=missing)) == "Asia/Tokyo"
    monkeypatch.setenv("TZ", ":America/New_York")
    assert str(local_timezone("", localtime=missing)) == "America/New_York"
    monkeypatch.setenv("TZ", str(zone_file("Asia/Tokyo")))
    assert str(local_timezone(None, localtime=missing)) == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # a POSIX rule: not a zone we read
    assert str(local_timezone(None, localtime=missing)) == "UTC"


def test_the_machines_zone_from_localtime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TZ", raising=False)
    tree = tmp_path / "usr/share/zoneinfo/Europe"
    tree.mkdir(parents=True)
    shutil.copy(zone_file("Europe/Berlin"), tree / "Berlin")
    link = tmp_path / "localtime"
    link.symlink_to(tree / "Berlin")
    assert local_timezone(None, localtime=link) == BERLIN  # by its name, as the link says
    copied = tmp_path / "copied-localtime"
    shutil.copy(zone_file("Asia/Tokyo"), copied)  # some systems copy the file instead
    zone = local_timezone(None, localtime=copied)
    assert dt.datetime(2024, 7, 1, tzinfo=zone).utcoffset() == dt.timedelta(hours=9)
    assert str(local_timezone(None, localtime=tmp_path / "missing")) == "UTC"
