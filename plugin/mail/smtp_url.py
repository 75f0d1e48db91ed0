"""The SMTP server to send through, from one URL (the ``mail.smtp_url`` setting).

Forms::

    smtp://user:pass@host:587?starttls=1    login after STARTTLS (the submission port)
    smtps://user:pass@host:465              TLS from the first byte
    smtp://host:25                          no login, no TLS
    smtp://me%40example.com@host            the password from the OS keyring ("smtp:USER@HOST")

Query parameters: ``starttls`` (0/1/true/false/yes/no/on/off), ``timeout`` (seconds),
``local_hostname`` (the name given in EHLO), ``insecure=1`` (allow a password in clear text).

Without ``starttls=`` it is on for port 587, and for a URL with a user and no port (which then
means 587); otherwise off. Default ports: smtps 465; smtp 587 with STARTTLS, else 25.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import MailConfigError

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[str, ...] = ("starttls", "ssl", "none")
DEFAULT_TIMEOUT = 30.0
_PARAMS = ("starttls", "timeout", "local_hostname", "insecure")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_ENCODE = "(in a user or password, : / ? # @ must be percent-encoded: %3A %2F %3F %23 %40)"
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.I)  # one part of a DNS name


@dataclass(frozen=True, repr=False)
class SmtpSettings:
    """How to reach and log in to the user's SMTP server. ``repr`` and ``str`` hide the password.

    A password over a plain connection to another machine is refused here, so no way of making
    settings can leak it, unless ``insecure`` says the user really wants that."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    security: Security = "starttls"
    timeout: float = DEFAULT_TIMEOUT
    local_hostname: str | None = None
    insecure: bool = False

    def __post_init__(self) -> None:
        if self.security not in SECURITIES:
            raise MailConfigError(
                f"SMTP security must be one of {', '.join(SECURITIES)}, got {self.security!r}"
            )
        if not self.host:
            raise MailConfigError("SMTP settings name no host")
        if not 0 < self.port < 65536:
            raise MailConfigError(f"SMTP port must be 1-65535, got {self.port}")
        if not self.timeout > 0:
            raise MailConfigError(f"SMTP timeout must be more than 0 seconds, got {self.timeout}")
        if self.password and not self.username:
            raise MailConfigError("SMTP settings have a password but no user name")
        clear = self.password and self.security == "none" and not self.insecure
        if clear and not is_loopback(self.host):
            raise MailConfigError(
                f"refusing to send the SMTP password to {self.host} in clear text: use "
                "smtps://, or smtp://…?starttls=1 (port 587), or add ?insecure=1 if you "
                "really mean it"
            )

    def __repr__(self) -> str:
        shown = "'****'" if self.password else "None"
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r}, "
            f"password={shown}, security={self.security!r}, timeout={self.timeout}, "
            f"local_hostname={self.local_hostname!r}, insecure={self.insecure})"
        )

    __str__ = __repr__

    @property
    def keyring_name(self) -> str | None:
        """Where the password is kept in the OS keyring: ``smtp:USER@HOST``."""
        return keyring_name(self.username, self.host) if self.username else None


def keyring_name(username: str, host: str) -> str:
    """The keyring entry (service "cardfollow") holding the password of ``username`` at
    ``host``; set it with ``keyring set cardfollow smtp:USER@HOST``."""
    return f"smtp:{username}@{host}"


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses, where a password in clear text never leaves it."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_smtp_url(
    url: str, *, password_lookup: Callable[[str], str | None] | None = None
) -> SmtpSettings:
    """The settings a ``smtp://`` or ``smtps://`` URL describes (forms in the module doc).

    When the URL names a user but no password, ``password_lookup("smtp:USER@HOST")`` (the
    caller passes ``plugin.secrets.lookup``, the OS keyring) supplies it. Raises
    ``MailConfigError``, whose message never repeats the URL (it may hold the password)."""
    text = (url or "").strip()
    if not text:
        raise MailConfigError("no SMTP URL: set mail.smtp_url, e.g. smtps://you@mail.example.com")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise MailConfigError(_bad("it cannot be read as a URL")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps"):
        what = f"scheme {scheme!r}" if scheme and len(scheme) < 20 else "no scheme"
        raise MailConfigError(_bad(f"{what}; it must start with smtp:// or smtps://"))
    if parts.path not in ("", "/") or parts.fragment:
        raise MailConfigError(_bad(f"unexpected text after the host {_ENCODE}"))
    host = _host(parts.hostname)
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise MailConfigError(_bad(f"the port is not a number from 1 to 65535 {_ENCODE}"))
    params = _params(parts.query)

    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    starttls = _flag(params, "starttls")
    if scheme == "smtps":
        if starttls:
            raise MailConfigError(_bad("smtps:// is TLS already; drop ?starttls=1"))
        security: Security = "ssl"
        port = port or 465
    else:
        if starttls is None:
            starttls = port == 587 if port else bool(username)
        security = "starttls" if starttls else "none"
        port = port or (587 if starttls else 25)

    if username and not password and password_lookup is not None:
        password = password_lookup(keyring_name(username, host))
    if username and not password:
        raise MailConfigError(
            f"no SMTP password for {username} at {host}: put it in the URL "
            f"(smtp://user:password@host) or in the keyring: "
            f"keyring set cardfollow {keyring_name(username, host)}"
        )
    return SmtpSettings(
        host=host,
        port=port,
        username=username,
        password=password,
        security=security,
        timeout=_timeout(params),
        local_hostname=params.get("local_hostname") or None,
        insecure=bool(_flag(params, "insecure")),
    )


def _bad(why: str) -> str:
    return f"the SMTP URL is not usable: {why}"


def _host(hostname: str | None) -> str:
    if not hostname:
        raise MailConfigError(_bad("no host"))
    try:
        ipaddress.ip_address(hostname)
        return hostname
    except ValueError:
        pass
    try:
        # An internationalised name becomes the ASCII form DNS and TLS certificates use.
        ascii_name = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = ""
    labels = ascii_name.removesuffix(".").split(".")
    if len(ascii_name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise MailConfigError(_bad("the host is not a valid name or address"))
    return ascii_name.lower()


def _params(query: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise MailConfigError(_bad("its ?query cannot be read")) from None
    params: dict[str, str] = {}
    for key, value in pairs:
        name = key.lower()
        if name not in _PARAMS:
            shown = repr(key) if len(key) < 30 else "a long name"
            raise MailConfigError(_bad(f"unknown parameter {shown}; known: {', '.join(_PARAMS)}"))
        if name in params:
            raise MailConfigError(_bad(f"{name} is given twice"))
        params[name] = value.strip()
    return params


def _flag(params: dict[str, str], name: str) -> bool | None:
    if name not in params:
        return None
    value = params[name].lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise MailConfigError(_bad(f"{name} must be 1 or 0 (true or false)"))


def _timeout(params: dict[str, str]) -> float:
    if "timeout" not in params:
        return DEFAULT_TIMEOUT
    try:
        value = float(params["timeout"])
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise MailConfigError(_bad("timeout must be a number of seconds (more than 0)"))
    return value
