"""The exceptions the mail layer raises. None of their messages ever holds a password.

Every one is a ``MailError`` with three facts a caller (the outbox runner) acts on:

- ``permanent``: sending the same mail again will fail the same way (a refused recipient, a
  rejected login); otherwise it is passing trouble (4xx, timeout, no connection): retry later.
- ``ambiguous``: the whole message had been handed to the server when things went wrong, so the
  server may have taken it. Never re-send such a mail blindly: ask the user (their Sent folder or
  the recipient's reply tells), or re-send with the same Message-ID so it can be recognised.
- ``code``: the server's SMTP reply code, when it gave one.

``MailConfigError`` and ``SmtpAuthError`` are about the settings, not one message: every queued
mail would fail alike, so a runner should stop and name the fix rather than fail each mail.
"""

from __future__ import annotations

from ocr.errors import CardfollowError, ExitCode


class MailError(CardfollowError):
    """A follow-up could not be built or sent; the message says why."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = True,
        ambiguous: bool = False,
        code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.ambiguous = ambiguous
        self.code = code


class MailConfigError(MailError):
    """The mail settings are unusable: a bad SMTP URL, send time, time zone, or a profile with no
    email. Fixing the settings fixes every mail at once."""

    exit_code = ExitCode.usage

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


class SmtpConnectionError(MailError):
    """No usable connection: refused, unreachable, timed out, dropped, or TLS failed."""


class SmtpAuthError(MailError):
    """The server refused the login (or offers none where one is needed)."""


class SmtpRejectedError(MailError):
    """The server answered a command with an error reply (sender or message refused)."""


class RecipientsRefusedError(SmtpRejectedError):
    """The server refused every recipient; ``refused`` maps each address to (code, reply)."""

    def __init__(
        self, message: str, refused: dict[str, tuple[int, str]], *, permanent: bool
    ) -> None:
        codes = {code for code, _ in refused.values()}
        super().__init__(
            message, permanent=permanent, code=codes.pop() if len(codes) == 1 else None
        )
        self.refused = refused
