"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd, in a thread, on a free port).

    with smtp_server(tls="starttls", users={"me": "secret"}) as server:
        send_message(server.settings("me", "secret"), msg, ssl_context=server.client_context())
        assert server.messages[0].message()["Subject"] == "Hello"

``tls``: "none", "starttls" (STARTTLS offered; a login only after it) or "ssl" (TLS from the
first byte, like smtps). With ``users``, MAIL needs a login (AUTH LOGIN and PLAIN, or only the
``mechanisms`` given). The certificate is self-signed for 127.0.0.1, ::1 and localhost:
``client_context()`` trusts it in-process; a child process trusts it with the environment
variable ``SSL_CERT_FILE=server.ca_file``. Plain ``server.url()`` needs no certificate at all.

Misbehaving on purpose (change these on a running server):
- ``refuse_rcpt[address] = "550 5.1.1 no such user"``: that recipient is refused.
- ``mail_reply = "451 4.3.0 try later"``: MAIL FROM is answered with it.
- ``data_reply = "451 4.3.0 try later"``: the message is answered with it (and not kept).
- ``drop_after_data = True``: the message is kept, then the connection closes without a reply.
- ``stall_after_data = seconds``: the message is kept, the reply comes that much later.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import functools
import ipaddress
import shutil
import ssl
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser, Parser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from plugin.mail import SmtpSettings

HOST = "127.0.0.1"
SERVER_NAME = "smtp.cardfollow.test"  # a fixed name: aiosmtpd's default asks DNS (slow, offline)
MECHANISMS = ("LOGIN", "PLAIN")  # aiosmtpd's built-in ones


@dataclass(frozen=True)
class Received:
    """One message the server took, as it arrived."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes  # the message's bytes as sent, dot-unstuffed, CRLF lines
    mail_options: tuple[str, ...]
    tls: bool
    user: str | None  # who logged in, if anyone

    def message(self) -> EmailMessage:
        if "SMTPUTF8" in self.mail_options:  # headers in UTF-8 (RFC 6532), not ASCII
            parsed = Parser(policy=policy.default).parsestr(self.data.decode("utf-8"))
        else:
            parsed = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass(frozen=True)
class Login:
    """One AUTH attempt: who, how, whether over TLS, and whether it was let in."""

    user: str
    mechanism: str
    tls: bool
    ok: bool


class SmtpServer:
    """The running server: where it is, what it took, and how it should misbehave."""

    def __init__(
        self, tls: str, users: dict[str, str] | None, mechanisms: tuple[str, ...] | None
    ) -> None:
        if tls not in ("none", "starttls", "ssl"):
            raise ValueError(f"tls must be none, starttls or ssl, got {tls!r}")
        self.tls = tls
        self.users = dict(users or {})
        self.host = HOST
        self.port = 0
        self.messages: list[Received] = []
        self.logins: list[Login] = []
        self.refuse_rcpt: dict[str, str] = {}
        self.mail_reply: str | None = None
        self.data_reply: str | None = None
        self.drop_after_data = False
        self.stall_after_data = 0.0
        cert, key = self_signed_cert()
        self.ca_file = cert
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert, key)
        excluded = [m for m in MECHANISMS if mechanisms is not None and m not in mechanisms]
        self._controller = _Controller(
            _Handler(self),
            hostname=HOST,
            port=0,
            ssl_context=server_context if tls == "ssl" else None,
            server_hostname=SERVER_NAME,
            tls_context=server_context if tls == "starttls" else None,
            require_starttls=tls == "starttls",
            # aiosmtpd counts only STARTTLS as TLS; over smtps the line is encrypted too.
            auth_require_tls=tls == "starttls",
            authenticator=self._authenticate,
            auth_exclude_mechanism=excluded,
        )

    def start(self) -> None:
        self._controller.start()
        self.port = self._controller.port

    def stop(self) -> None:
        self._controller.stop()

    def client_context(self) -> ssl.SSLContext:
        """A client TLS context that trusts this server's certificate (and checks the name)."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def url(self, user: str | None = None, password: str | None = None, **params: Any) -> str:
        """The server as a ``mail.smtp_url`` (smtps:// for tls="ssl", ?starttls=1 for STARTTLS)."""
        scheme = "smtps" if self.tls == "ssl" else "smtp"
        userinfo = ""
        if user:
            userinfo = quote(user, safe="")
            if password:
                userinfo += ":" + quote(password, safe="")
            userinfo += "@"
        query = {"starttls": "1" if self.tls == "starttls" else "0"} if scheme == "smtp" else {}
        query.update({k: str(v) for k, v in params.items()})
        tail = f"?{urlencode(query)}" if query else ""
        return f"{scheme}://{userinfo}{self.host}:{self.port}{tail}"

    def settings(
        self, user: str | None = None, password: str | None = None, *, timeout: float = 5.0
    ) -> SmtpSettings:
        """Settings that reach this server (a fixed EHLO name: the default asks DNS)."""
        security = {"none": "none", "starttls": "starttls", "ssl": "ssl"}[self.tls]
        return SmtpSettings(
            host=self.host,
            port=self.port,
            username=user,
            password=password,
            security=security,  # type: ignore[arg-type]
            timeout=timeout,
            local_hostname="client.cardfollow.test",
        )

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        user = data.login.decode("utf-8", "replace")
        ok = user in self.users and self.users[user] == data.password.decode("utf-8", "replace")
        self.logins.append(Login(user, mechanism, _tls(server), ok))
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


class _Handler:
    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.owner.mail_reply:
            return self.owner.mail_reply
        # Checked here rather than with aiosmtpd's auth_required, which warns whenever a login
        # may go without STARTTLS: on loopback, or over smtps, that is what these tests want.
        if self.owner.users and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        refusal = self.owner.refuse_rcpt.get(address.lower()) or self.owner.refuse_rcpt.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        owner = self.owner
        if owner.data_reply:
            return owner.data_reply
        content = envelope.original_content or b""
        owner.messages.append(
            Received(
                mail_from=envelope.mail_from or "",
                rcpt_tos=tuple(envelope.rcpt_tos),
                data=content,
                mail_options=tuple(envelope.mail_options),
                tls=_tls(server),
                user=session.auth_data if session.authenticated else None,
            )
        )
        if owner.stall_after_data:
            await asyncio.sleep(owner.stall_after_data)
        if owner.drop_after_data:
            assert server.transport is not None
            server.transport.close()
            await asyncio.Future()  # connection_lost cancels this: no reply is ever written
        return f"250 2.0.0 OK: queued as {len(owner.messages)}"


class _Controller(Controller):
    """aiosmtpd's threaded controller on port 0: the port the system chose is read back."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def _tls(server: SMTP) -> bool:
    return (
        server.transport is not None and server.transport.get_extra_info("ssl_object") is not None
    )


@contextmanager
def smtp_server(
    *,
    tls: str = "none",
    users: dict[str, str] | None = None,
    mechanisms: tuple[str, ...] | None = None,
) -> Iterator[SmtpServer]:
    """A started server, stopped afterwards (see the module doc)."""
    server = SmtpServer(tls, users, mechanisms)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@functools.cache
def self_signed_cert() -> tuple[Path, Path]:
    """(certificate, key) PEM files for 127.0.0.1, ::1 and localhost, made once per process:
    with ``cryptography`` when installed, else ``openssl req``."""
    folder = Path(tempfile.mkdtemp(prefix="cardfollow-smtp-tls-"))
    atexit.register(shutil.rmtree, folder, True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _cert_with_cryptography(cert, key)
    except ImportError:
        _cert_with_openssl(cert, key)
    return cert, key


def _cert_with_cryptography(cert_path: Path, key_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())  # EC: far quicker to make than RSA
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        # What a strict verifier (VERIFY_X509_STRICT, Python 3.13's default) asks of a CA cert.
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _cert_with_openssl(cert_path: Path, key_path: Path) -> None:
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "30", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
            "-addext", "extendedKeyUsage=serverAuth",
            "-keyout", str(key_path), "-out", str(cert_path),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )  # fmt: skip
