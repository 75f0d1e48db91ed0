"""One message through the user's SMTP server, with every failure classified once.

The dialogue is smtplib's own commands step by step (not ``sendmail``), because what a caller may
do after a failure depends on *when* it happened: once the message and its final "." are handed
over, the server may have taken it even if its reply never arrives (``ambiguous``).
"""

from __future__ import annotations

import copy
import io
import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import getaddresses

from .errors import (
    MailError,
    RecipientsRefusedError,
    SmtpAuthError,
    SmtpConnectionError,
    SmtpRejectedError,
)
from .smtp_url import SmtpSettings

_REPLY_LIMIT = 300  # characters of a server's reply kept in a message


@dataclass(frozen=True)
class SendResult:
    """What the server said to a message it took."""

    message_id: str | None
    accepted: tuple[str, ...]  # envelope recipients the server took
    refused: dict[str, tuple[int, str]] = field(default_factory=dict)  # address → (code, reply)
    reply: str = ""  # the server's answer to the message, e.g. "250 2.0.0 Ok: queued as 4F2A"


def send_message(
    settings: SmtpSettings, message: EmailMessage, *, ssl_context: ssl.SSLContext | None = None
) -> SendResult:
    """Send ``message`` to its To, Cc and Bcc addresses (Bcc is not written into the message),
    from its Sender or From address.

    ``ssl_context`` defaults to ``ssl.create_default_context()`` (system CAs, host name checked);
    tests pass one that trusts their own certificate. A recipient the server refuses while
    others are taken is listed in ``refused``; when all are refused, ``RecipientsRefusedError``.
    Raises ``MailError`` subclasses only (see ``plugin.mail.errors`` for ``permanent`` and
    ``ambiguous``); no message ever holds the password."""
    envelope_from, recipients = _envelope(message)
    # Non-ASCII in an address needs SMTPUTF8 and a message written as UTF-8 (RFC 6531).
    international = not all(a.isascii() for a in (envelope_from, *recipients))
    payload = _wire_data(message, international)
    step = _Step()
    with _connection(settings, ssl_context, step) as smtp:
        step.name = "mail"
        options = [f"SIZE={len(payload)}"] if smtp.has_extn("size") else []
        if international:
            if not smtp.has_extn("smtputf8"):
                raise SmtpRejectedError(
                    f"{settings.host} does not take non-ASCII email addresses (no SMTPUTF8)"
                )
            options += ["SMTPUTF8", "BODY=8BITMIME"]
        code, reply = smtp.mail(envelope_from, options)
        if code != 250:
            raise _rejected(
                f"{settings.host} refused the sender {envelope_from}", code, reply, settings
            )

        step.name = "rcpt"
        accepted: list[str] = []
        refused: dict[str, tuple[int, str]] = {}
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code in (250, 251):
                accepted.append(address)
            else:
                refused[address] = (code, _text(reply))
        if not accepted:
            listed = "; ".join(f"{a}: {c} {r}" for a, (c, r) in refused.items())
            raise RecipientsRefusedError(
                _scrub(f"{settings.host} refused every recipient: {listed}", settings),
                refused,
                permanent=all(_permanent(c) for c, _ in refused.values()),
            )

        step.name = "data"
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise _rejected(f"{settings.host} would not take the message", code, reply, settings)
        smtp.send(payload)
        step.name = "sent"  # from here on the server may have the message
        code, reply = smtp.getreply()
        if not 200 <= code < 300:
            if code < 0:  # not an SMTP reply at all: cannot tell what the server did
                raise SmtpConnectionError(
                    f"{settings.host} answered the message with garbage; it may have been sent",
                    permanent=False,
                    ambiguous=True,
                )
            raise _rejected(f"{settings.host} refused the message", code, reply, settings)
        return SendResult(
            message_id=str(message["Message-ID"]) if message["Message-ID"] else None,
            accepted=tuple(accepted),
            refused=refused,
            reply=_scrub(f"{code} {_text(reply)}", settings),
        )
    raise AssertionError("unreachable")  # pragma: no cover - the with block returns or raises


def check_connection(settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None) -> str:
    """Connect, secure and log in as a send would, then quit: the server's EHLO greeting line.
    Raises the same errors as ``send_message``."""
    with _connection(settings, ssl_context, _Step()) as smtp:
        code, reply = smtp.noop()
        if code != 250:
            raise _rejected(f"{settings.host} answered NOOP with an error", code, reply, settings)
        return _text(smtp.ehlo_resp or smtp.helo_resp or b"").split(" | ")[0]
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Step:
    """Where the dialogue is, so a failure can be classified (``sent``: ambiguous)."""

    name: str = "connect"


@contextmanager
def _connection(
    settings: SmtpSettings, ssl_context: ssl.SSLContext | None, step: _Step
) -> Iterator[smtplib.SMTP]:
    """An open, secured, logged-in connection; closed afterwards; errors become MailErrors."""
    smtp: smtplib.SMTP | None = None
    polite = True  # QUIT at the end; not on a dead or stalled line, where it would only wait
    where = f"{settings.host}:{settings.port}"
    context = ssl_context or ssl.create_default_context()
    try:
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                local_hostname=settings.local_hostname,
                timeout=settings.timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.host,
                settings.port,
                local_hostname=settings.local_hostname,
                timeout=settings.timeout,
            )
        if settings.security == "starttls":
            step.name = "starttls"
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                # Going on in clear text would hand the password and the mail to anyone between.
                raise SmtpRejectedError(
                    f"{where} offers no STARTTLS; refusing to go on unencrypted "
                    "(use smtps:// if it takes TLS from the start)"
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.username:
            step.name = "auth"
            _login(smtp, settings)
        smtp.ehlo_or_helo_if_needed()
        step.name = "ready"
        yield smtp
    except MailError as exc:
        polite = not isinstance(exc, SmtpConnectionError)
        raise
    except smtplib.SMTPResponseException as exc:
        raise _classified(exc, step, settings) from None
    except (smtplib.SMTPException, OSError, UnicodeError) as exc:
        polite = False
        raise _classified(exc, step, settings) from None
    finally:
        if smtp is not None:
            _close(smtp, polite=polite)


def _login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    who = f"{settings.username} at {settings.host}"
    if not settings.password:
        raise SmtpAuthError(f"no SMTP password for {who}")
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise SmtpAuthError(
            f"{settings.host} offers no login (AUTH) here; check the port and the security"
        )
    try:
        smtp.login(settings.username or "", settings.password)
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpAuthError(
            _scrub(
                f"{settings.host} refused the login as {settings.username}: "
                f"{exc.smtp_code} {_text(exc.smtp_error)}",
                settings,
            ),
            permanent=_permanent(exc.smtp_code),
            code=exc.smtp_code,
        ) from None
    except UnicodeEncodeError:
        # smtplib writes AUTH as ASCII; the exception object holds the password: never chain it.
        raise SmtpAuthError(
            f"cannot log in as {settings.username}: the user name or password has non-ASCII "
            "characters, which Python's SMTP client cannot send"
        ) from None
    except smtplib.SMTPException as exc:
        if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPResponseException):
            raise
        raise SmtpAuthError(  # "No suitable authentication method found."
            f"cannot log in to {settings.host}: it offers no login method Python's SMTP "
            f"client knows ({_text(smtp.esmtp_features.get('auth', ''))})"
        ) from None


def _classified(exc: BaseException, step: _Step, settings: SmtpSettings) -> MailError:
    where = f"{settings.host}:{settings.port}"
    ambiguous = step.name == "sent"
    maybe = "; the message may have been sent" if ambiguous else ""
    if isinstance(exc, smtplib.SMTPResponseException):
        what = {
            "connect": f"{where} turned the connection away",
            "starttls": f"{where} refused STARTTLS",
            "auth": f"{where} refused the login",
        }.get(step.name, f"{where} answered with an error")
        error = _rejected(what, exc.smtp_code, exc.smtp_error, settings)
        if step.name == "auth":
            return SmtpAuthError(str(error), permanent=error.permanent, code=exc.smtp_code)
        return error
    if isinstance(exc, ssl.SSLCertVerificationError) and not ambiguous:
        return SmtpConnectionError(
            f"the TLS certificate of {where} is not trusted ({exc.verify_message}); "
            "refusing to send the password or mail to it"
        )
    if isinstance(exc, ssl.SSLError) and not ambiguous:
        return SmtpConnectionError(
            f"TLS with {where} failed ({exc.reason or exc.__class__.__name__}): is this the "
            "right port for it? (smtps:// usually 465, smtp://…?starttls=1 usually 587)"
        )
    # smtplib reports a timed-out read as "Connection unexpectedly closed: timed out".
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return SmtpConnectionError(
            f"{where} did not answer within {settings.timeout:g} s{maybe}",
            permanent=False,
            ambiguous=ambiguous,
        )
    if step.name == "connect" and not isinstance(exc, smtplib.SMTPServerDisconnected):
        return SmtpConnectionError(
            _scrub(f"cannot connect to {where}: {_why(exc)}", settings), permanent=False
        )
    return SmtpConnectionError(
        _scrub(f"the connection to {where} was lost ({_why(exc)}){maybe}", settings),
        permanent=False,
        ambiguous=ambiguous,
    )


def _rejected(
    what: str, code: int, reply: bytes | str, settings: SmtpSettings
) -> SmtpRejectedError:
    return SmtpRejectedError(
        _scrub(f"{what}: {code} {_text(reply)}", settings), permanent=_permanent(code), code=code
    )


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def _why(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text[:_REPLY_LIMIT]


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    one = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    return one if len(one) <= _REPLY_LIMIT else one[:_REPLY_LIMIT] + "…"


def _scrub(text: str, settings: SmtpSettings) -> str:
    # A server may echo what it was sent; the password never leaves in a message of ours.
    if settings.password and len(settings.password) >= 3:
        text = text.replace(settings.password, "****")
    return text


def _close(smtp: smtplib.SMTP, *, polite: bool) -> None:
    try:
        if polite:
            smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        smtp.close()


def _envelope(message: EmailMessage) -> tuple[str, list[str]]:
    sender_header = message.get("Sender") or message.get("From")
    senders = [a for _, a in getaddresses([str(sender_header)]) if a] if sender_header else []
    if len(senders) != 1:
        raise MailError("the message needs exactly one From (or Sender) address")
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(name, [])]
    recipients = list(dict.fromkeys(a for _, a in getaddresses(fields) if a))
    if not recipients:
        raise MailError("the message has no recipient (To, Cc or Bcc)")
    return senders[0], recipients


def _wire_data(message: EmailMessage, international: bool) -> bytes:
    """The message as DATA sends it: CRLF lines, dot-stuffed, ending in CRLF "." CRLF."""
    outgoing = copy.copy(message)
    del outgoing["Bcc"]  # a new header list: the caller's message keeps its Bcc
    policy = message.policy.clone(utf8=True) if international else message.policy
    buffer = io.BytesIO()
    BytesGenerator(buffer, policy=policy).flatten(outgoing, linesep="\r\n")
    data = re.sub(rb"\r\n|\n|\r", b"\r\n", buffer.getvalue())
    data = re.sub(rb"(?m)^\.", b"..", data)  # RFC 5321 4.5.2: a line's leading "." is doubled
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"
