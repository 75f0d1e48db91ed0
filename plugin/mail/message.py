"""An approved follow-up as an email: From the user's profile, To the contact, text and HTML.

Everything that comes from a card or a template (subject, names, extra header values) is made a
single line before it becomes a header, so no text can add a header (``Bcc:``) or end the header
block. Header values are cut (ending in "…") at lengths no mail program shows anyway: a display
name at 64 characters, a subject at 200, any other value at 200; the body is never cut. What is
left is folded by the email package into lines of 78 characters where it can be, and a message
with a header line over RFC 5322's 998 is refused, never sent.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import secrets
import unicodedata
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import localtime, make_msgid

from email_validator import EmailNotValidError, validate_email

from plugin.models import Sender

from .errors import MailConfigError, MailError

# Headers build_message writes itself; ``headers=`` may not replace them.
RESERVED_HEADERS = frozenset(
    (
        "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id",
        "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
        "return-path", "received",
    )
)  # fmt: skip
_HEADER_NAME = re.compile(r"[!-9;-~]{1,76}")  # printable ASCII without ":" (RFC 5322 ftext)
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")  # printable ASCII, no "<" ">" inside
# CRLF lines, and bodies in 7-bit (quoted-printable or base64), so any server takes them: 8-bit
# bodies need 8BITMIME, which not every server offers.
POLICY = email.policy.SMTP.clone(cte_type="7bit")
FALLBACK_DOMAIN = "cardfollow.invalid"  # RFC 2606: a name that can never be anyone's
_LINE_BREAKS = re.compile(r"\s+")  # str's \s covers \r \n \v \f \x1c-\x1e \x85 \u2028 \u2029
NAME_MAX = 64  # characters of a display name in From / To (a long word cannot be folded)
SUBJECT_MAX = 200  # characters of a subject; mail programs show the first 50-100
VALUE_MAX = 200  # characters of any other header value
LINE_MAX = 998  # RFC 5322 section 2.1.1: no line of a message may be longer


def build_message(
    *,
    subject: str,
    text: str,
    html: str | None,
    sender: Sender,
    to_name: str | None,
    to_email: str,
    message_id: str | None = None,
    date: dt.datetime | None = None,
    reply_to: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """The follow-up as a MIME message: text/plain, or multipart/alternative text + HTML.

    ``message_id`` (``<…@…>``, brackets added when missing) should be made once with
    ``new_message_id`` and kept with the queued mail, so a re-send after an ambiguous failure
    carries the same id. ``date`` must be aware (default: now, in this machine's zone).

    Raises ``MailConfigError`` when the profile has no usable email (set ``profile.email``),
    ``MailError`` (permanent) for a recipient address that is not an email address, an empty
    subject, a bad ``message_id`` or a header ``headers`` may not set."""
    from_address = sender_address(sender)
    recipient = _address(to_name, to_email, "the recipient's email")
    line = cut(one_line(subject), SUBJECT_MAX)
    if not line:
        raise MailError("the follow-up has no subject")

    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = line
    msg["From"] = from_address
    msg["To"] = recipient
    if reply_to:
        msg["Reply-To"] = _address(None, reply_to, "the Reply-To address")
    if date is not None and date.utcoffset() is None:
        raise ValueError("build_message: date must be timezone-aware")
    msg["Date"] = date or localtime()
    msg["Message-ID"] = (
        _message_id(message_id) if message_id else make_msgid(domain=from_address.domain)
    )
    for name, value in (headers or {}).items():
        if not _HEADER_NAME.fullmatch(name) or name.lower() in RESERVED_HEADERS:
            raise MailError(f"header {name!r} cannot be set on a follow-up")
        msg[name] = cut(one_line(value), VALUE_MAX)
    _check_line_lengths(msg)

    msg.set_content(_text(text), subtype="plain", charset="utf-8")
    if html:
        msg.add_alternative(_text(html), subtype="html", charset="utf-8")
        for part in msg.iter_parts():
            del part["MIME-Version"]  # add_alternative writes one per part; only the top needs it
        # Fixed now, not at each flattening, so every copy of the message has the same bytes.
        msg.set_boundary(f"=_cardfollow_{secrets.token_hex(12)}")
    return msg


def new_message_id(sender_email: str | None) -> str:
    """A fresh, unique ``<…@domain>`` Message-ID in the sender's own domain. Never raises: with
    no usable address the domain is ``cardfollow.invalid`` (``build_message`` then names the
    real problem)."""
    try:
        domain = _address(None, sender_email or "", "your profile email").domain
    except MailError:
        domain = FALLBACK_DOMAIN
    return make_msgid(domain=domain)


def sender_address(sender: Sender) -> Address:
    """The From address: the profile's name and email. ``MailConfigError`` when it has none."""
    if not (sender.email or "").strip():
        raise MailConfigError(
            "your profile has no email, and follow-ups are sent from it: set profile.email "
            "(CARDFOLLOW_PROFILE_EMAIL)"
        )
    return _address(sender.name, sender.email or "", "your profile email", config=True)


def one_line(value: str | None) -> str:
    """``value`` as one header-safe line: any run of whitespace or line breaks becomes one
    space, other control characters go."""
    spaced = _LINE_BREAKS.sub(" ", value or "")
    return "".join(c for c in spaced if unicodedata.category(c) != "Cc").strip()


def cut(value: str, limit: int) -> str:
    """``value`` at most ``limit`` characters: cut at a space near the end when there is one,
    and ending in "…" when anything was cut."""
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    space = head.rfind(" ")
    if space >= limit * 3 // 4:
        head = head[:space]
    return head.rstrip() + "…"


def _check_line_lengths(msg: EmailMessage) -> None:
    """Refuse a message whose headers, as they go on the wire, have a line over 998 characters
    (only an address of its maximum lengths could still make one)."""
    for name, value in msg.items():
        folded = msg.policy.fold_binary(name, value)
        longest = max(len(line) for line in folded.split(b"\r\n"))
        if longest > LINE_MAX:
            raise MailError(
                f"the {name} header would be a line of {longest} characters (at most {LINE_MAX})"
            )


def _address(name: str | None, addr: str, what: str, *, config: bool = False) -> Address:
    error = MailConfigError if config else MailError
    text = (addr or "").strip()
    try:
        checked = validate_email(text, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        shown = repr(text) if len(text) <= 100 else f"{text[:100]!r}…"
        raise error(f"{what} {shown} is not a usable email address: {exc}") from None
    # The domain goes in its ASCII (IDNA) form, which any server and header takes; a non-ASCII
    # local part stays, and needs a server that offers SMTPUTF8 (smtp_send checks).
    return Address(cut(one_line(name), NAME_MAX), checked.local_part, checked.ascii_domain)


def _message_id(value: str) -> str:
    text = value.strip()
    if not text.startswith("<"):
        text = f"<{text}>"
    if not _MESSAGE_ID.fullmatch(text):
        raise MailError(f"{value[:100]!r} is not a usable Message-ID (expected <id@domain>)")
    return text


def _text(body: str) -> str:
    # One kind of line end: the email package writes CRLF on the wire; a stray CR would not be.
    return body.replace("\r\n", "\n").replace("\r", "\n")
