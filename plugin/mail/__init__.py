"""Mail: approved follow-ups sent through the user's own SMTP server, so replies come back to them.

``parse_smtp_url`` reads the ``mail.smtp_url`` setting, ``build_message`` makes the email,
``send_message`` sends it (failures classified as permanent, passing or ambiguous), and
``schedule`` (through ``plugin.outbox.send_time``) says when an approved follow-up is due.
"""

from __future__ import annotations

from .errors import (
    MailConfigError,
    MailError,
    RecipientsRefusedError,
    SmtpAuthError,
    SmtpConnectionError,
    SmtpRejectedError,
)
from .message import build_message, new_message_id, one_line, sender_address
from .schedule import local_timezone, parse_clock, parse_policy, send_time
from .smtp_send import SendResult, check_connection, send_message
from .smtp_url import SmtpSettings, is_loopback, keyring_name, parse_smtp_url

__all__ = [
    "MailConfigError",
    "MailError",
    "RecipientsRefusedError",
    "SendResult",
    "SmtpAuthError",
    "SmtpConnectionError",
    "SmtpRejectedError",
    "SmtpSettings",
    "build_message",
    "check_connection",
    "is_loopback",
    "keyring_name",
    "local_timezone",
    "new_message_id",
    "one_line",
    "parse_clock",
    "parse_policy",
    "parse_smtp_url",
    "send_message",
    "send_time",
    "sender_address",
]
