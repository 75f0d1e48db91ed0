"""Effective settings: built-in defaults < config.toml < CARDFOLLOW_* environment < command line.

Every setting is declared once in ``OPTIONS`` (its ``config.toml`` section and key, its environment
variable, its default); each value remembers where it came from, so ``cardfollow config`` can
explain it. Secrets are masked whenever a value is shown.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ocr.engines import ENGINE_NAMES
from ocr.models import Settings

from . import home
from .crm.adapter import CrmEntry
from .crm.registry import CRMS
from .keep_in_touch.cadence import parse_tiers
from .models import Sender
from .options import ConfigError, Option, coerce
from .options import const as _const

__all__ = ["OPTIONS", "Config", "ConfigError", "Option", "load", "mask", "ocr_settings"]


_OCR = Settings()


def check_store_url(text: str) -> None:
    if not text.startswith(("postgresql://", "postgres://")):
        raise ValueError("a postgresql://user:password@host:port/database URL")


# fmt: off
OPTIONS: tuple[Option, ...] = (
    Option("ocr", "engine", "CARDFOLLOW_OCR_ENGINE", _const(_OCR.engine),
           "choice:" + ",".join(ENGINE_NAMES),
           help="OCR engine: auto (RapidOCR, Tesseract checking what fails), rapidocr, tesseract"),
    Option("ocr", "languages", "CARDFOLLOW_OCR_LANGUAGES", _const(_OCR.languages),
           help="Tesseract models, e.g. Latin or eng+deu"),
    Option("ocr", "default_region", "CARDFOLLOW_DEFAULT_REGION", _const(None), "region",
           help="country for phone numbers printed without +code"),
    Option("ocr", "tesseract_cmd", "CARDFOLLOW_TESSERACT_CMD", _const(_OCR.tesseract_cmd),
           help="the tesseract program"),
    Option("ocr", "tesseract_timeout", "CARDFOLLOW_TESSERACT_TIMEOUT",
           _const(_OCR.tesseract_timeout), "float", help="seconds per Tesseract run"),
    Option("ocr", "review_threshold", "CARDFOLLOW_REVIEW_THRESHOLD",
           _const(_OCR.review_threshold), "float", help="fields below this confidence are flagged"),
    Option("inbox", "path", "CARDFOLLOW_INBOX", home.default_inbox, "path",
           help="the folder card photos are dropped into"),
    Option("inbox", "poll", "CARDFOLLOW_INBOX_POLL", _const("auto"), "auto-bool",
           help="poll instead of file events: auto (network and synced drives), true, false"),
    Option("inbox", "stable_seconds", "CARDFOLLOW_INBOX_STABLE_SECONDS", _const(2.0), "float",
           help="a file is taken once unchanged this long"),
    Option("inbox", "pair_seconds", "CARDFOLLOW_INBOX_PAIR_SECONDS", _const(20.0), "float",
           help="a photo this soon after another may be that card's back"),
    Option("inbox", "jobs", "CARDFOLLOW_JOBS", _const(1), "int",
           help="photos read at once, each in its own worker process (~400 MB each)"),
    Option("store", "path", "CARDFOLLOW_STORE", lambda: home.data_dir() / "cardfollow.db", "path",
           help="the SQLite store"),
    Option("store", "url", "CARDFOLLOW_STORE_URL", _const(None), secret=True,
           check=check_store_url,
           help="a team store, postgresql://user:pass@host/db (unset: the SQLite store)"),
    Option("jobs", "stalled_seconds", "CARDFOLLOW_JOBS_STALLED_SECONDS", _const(30.0), "float",
           help="a worker silent this long is taken as dead; its jobs go to another worker"),
    Option("profile", "name", "CARDFOLLOW_PROFILE_NAME", _const(None), help="your name"),
    Option("profile", "title", "CARDFOLLOW_PROFILE_TITLE", _const(None), help="your job title"),
    Option("profile", "company", "CARDFOLLOW_PROFILE_COMPANY", _const(None), help="your company"),
    Option("profile", "email", "CARDFOLLOW_PROFILE_EMAIL", _const(None), help="your email"),
    Option("profile", "phone", "CARDFOLLOW_PROFILE_PHONE", _const(None), help="your phone"),
    Option("profile", "signature", "CARDFOLLOW_PROFILE_SIGNATURE", _const(None),
           help="the lines under your name"),
    Option("drafts", "templates", "CARDFOLLOW_TEMPLATES", lambda: home.config_dir() / "templates",
           "path", help="your own templates; same name overrides a shipped one"),
    Option("drafts", "template", "CARDFOLLOW_TEMPLATE", _const(None),
           help="template for cards whose event names none (default: chosen per card)"),
    Option("drafts", "language", "CARDFOLLOW_LANGUAGE", _const("en"),
           "choice:en,de,fr,es,nl,it,pt",
           help="the drafts' language where neither the card nor its event names one"),
    Option("", "crm", "CARDFOLLOW_CRM", _const("local"), "choice:" + ",".join(CRMS),
           help="where approved cards go: " + ", ".join(CRMS) + " (local: this machine only)"),
    *(option for entry in CRMS.values() for option in entry.options),
    Option("mail", "smtp_url", "CARDFOLLOW_SMTP_URL", _const(None), secret=True,
           help="smtp://user:pass@host:587?starttls=1 or smtps://…; password also from keyring"),
    Option("mail", "send_at", "CARDFOLLOW_SEND_AT", _const("morning"),
           help="when approved mail goes: morning (next business morning) or now"),
    Option("mail", "morning", "CARDFOLLOW_SEND_MORNING", _const("09:00"),
           help="the business morning's time, HH:MM"),
    Option("mail", "timezone", "CARDFOLLOW_TIMEZONE", _const(None),
           help="your time zone, e.g. Europe/Berlin (default: this machine's)"),
    Option("touch", "cadence", "CARDFOLLOW_CADENCE", _const("quarterly"),
           "choice:monthly,quarterly,twice-a-year,none",
           help="how often to keep in touch with a contact you followed up (default for all)"),
    Option("touch", "tiers", "CARDFOLLOW_CADENCE_TIERS", _const(None), check=parse_tiers,
           help="cadence per tag, e.g. vip=monthly, partner=quarterly"),
    Option("touch", "template", "CARDFOLLOW_CHECKIN_TEMPLATE", _const("check-in"),
           help="the check-in drafts' template"),
    Option("touch", "digest_to", "CARDFOLLOW_DIGEST_TO", _const(None),
           help="where `digest --email` goes (default: your profile email)"),
    Option("serve", "host", "CARDFOLLOW_SERVE_HOST", _const("127.0.0.1"),
           help="address the review page listens on"),
    Option("serve", "port", "CARDFOLLOW_SERVE_PORT", _const(8155), "int",
           help="port of the review page"),
    Option("serve", "token", "CARDFOLLOW_SERVE_TOKEN", _const(None), secret=True,
           help="access token, required when serving beyond localhost (made up if unset)"),
    Option("serve", "public_url", "CARDFOLLOW_PUBLIC_URL", _const(None),
           help="the address the CRM sidebar calls (https://…) when behind a reverse proxy"),
    Option("serve", "trust_forwarded", "CARDFOLLOW_TRUST_FORWARDED", _const(False), "bool",
           help="take the public address from X-Forwarded-Proto/-Host (only behind a proxy)"),
    Option("serve", "upload_max_mb", "CARDFOLLOW_UPLOAD_MAX_MB", _const(50), "int",
           help="the largest photo the upload page takes, in MB"),
)
# fmt: on
OPTIONS_BY_NAME = {o.name: o for o in OPTIONS}


@dataclass(frozen=True)
class Sourced:
    value: Any
    source: str  # "default", "config.toml [s] k", "env CARDFOLLOW_X", "command line"


@dataclass(frozen=True)
class InboxSettings:
    path: Path
    poll: bool | None  # None: decide per folder (network and synced drives poll)
    stable_seconds: float
    pair_seconds: float
    jobs: int


@dataclass(frozen=True)
class StoreSettings:
    path: Path  # the SQLite store (and, for either store, the folder beside it)
    url: str | None  # postgresql://…: the team store, used instead of the file


@dataclass(frozen=True)
class JobSettings:
    stalled_seconds: float  # no heartbeat for this long: the worker is dead, its jobs run again


@dataclass(frozen=True)
class DraftSettings:
    templates: Path  # the user's own templates; a same-named file overrides a shipped one
    template: str | None  # for cards whose event names none; None: chosen per card
    language: str  # where neither the card nor its event names one ("en")
    sender: Sender  # who signs: the profile


@dataclass(frozen=True)
class MailSettings:
    smtp_url: str | None
    send_at: str  # "morning" | "now"
    morning: str  # "HH:MM"
    timezone: str | None  # None: this machine's


@dataclass(frozen=True)
class TouchSettings:
    cadence: str
    tiers: str | None
    template: str
    digest_to: str | None


@dataclass(frozen=True)
class CardSettings:
    """What reading a card and drafting its follow-up need."""

    ocr: Settings
    pair_seconds: float  # a photo this soon after another may be that card's back
    drafts: DraftSettings


@dataclass(frozen=True)
class SendSettings:
    """What sending mail needs: the server and schedule, and whom it comes from."""

    mail: MailSettings
    sender: Sender


@dataclass(frozen=True)
class CheckinSettings:
    """What keeping in touch needs: the cadence, when mail goes, how check-ins are drafted."""

    touch: TouchSettings
    mail: MailSettings
    drafts: DraftSettings


@dataclass(frozen=True)
class ServeSettings:
    host: str
    port: int
    token: str | None
    public_url: str | None
    trust_forwarded: bool
    upload_max_mb: int


class Config:
    """The effective settings: typed slices per concern (``mail()``, ``inbox()``, ...), which
    modules take; the raw values by ``section.key`` (``config["mail.send_at"]``) and their
    sources for ``cardfollow config``."""

    def __init__(self, values: dict[str, Sourced], file: Path) -> None:
        self.values = values
        self.file = file

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    def shown(self, name: str) -> str:
        """The value as it may be printed: secrets masked."""
        value = self[name]
        if value is None:
            return ""
        return mask(str(value)) if OPTIONS_BY_NAME[name].secret else str(value)

    def section(self, section: str) -> dict[str, Any]:
        return {o.key: self[o.name] for o in OPTIONS if o.section == section}

    def ocr(self) -> Settings:
        return Settings(**self.section("ocr"))

    def sender(self) -> Sender:
        return Sender(**self.section("profile"))

    def inbox(self) -> InboxSettings:
        values = self.section("inbox")
        poll = values.pop("poll")
        return InboxSettings(poll=None if poll == "auto" else bool(poll), **values)

    def store(self) -> StoreSettings:
        return StoreSettings(**self.section("store"))

    def jobs(self) -> JobSettings:
        return JobSettings(**self.section("jobs"))

    def drafts(self) -> DraftSettings:
        return DraftSettings(sender=self.sender(), **self.section("drafts"))

    def mail(self) -> MailSettings:
        return MailSettings(**self.section("mail"))

    def touch(self) -> TouchSettings:
        return TouchSettings(**self.section("touch"))

    def cards(self) -> CardSettings:
        return CardSettings(self.ocr(), self.inbox().pair_seconds, self.drafts())

    def sending(self) -> SendSettings:
        return SendSettings(self.mail(), self.sender())

    def checkins(self) -> CheckinSettings:
        return CheckinSettings(self.touch(), self.mail(), self.drafts())

    def serve(self) -> ServeSettings:
        return ServeSettings(**self.section("serve"))

    def crm(self) -> CrmEntry:
        """The CRM the ``crm`` setting names; its own settings are read by its package."""
        return CRMS[self["crm"]]


def read_config_file(path: Path | None = None) -> dict[str, Any]:
    path = path or home.config_path()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None


def load(overrides: dict[str, Any] | None = None) -> Config:
    """Every setting in force. ``overrides`` maps ``section.key`` to a command-line value."""
    file = home.config_path()
    data = read_config_file(file)
    chosen: dict[str, Sourced] = {}
    for opt in OPTIONS:
        section = data.get(opt.section, {}) if opt.section else data
        sourced = Sourced(opt.default(), "default")
        if isinstance(section, dict) and opt.key in section:
            where = f"[{opt.section}] {opt.key}" if opt.section else opt.key
            sourced = Sourced(section[opt.key], f"config.toml {where}")
        if os.environ.get(opt.env):
            sourced = Sourced(os.environ[opt.env], f"env {opt.env}")
        if overrides and overrides.get(opt.name) is not None:
            sourced = Sourced(overrides[opt.name], "command line")
        chosen[opt.name] = Sourced(coerce(opt, sourced.value), sourced.source)
    return Config(chosen, file)


def ocr_settings(overrides: dict[str, Any] | None = None) -> tuple[Settings, dict[str, Sourced]]:
    """The OCR Settings in force (``overrides`` by [ocr] key), and where each value came from."""
    config = load({f"ocr.{k}": v for k, v in (overrides or {}).items()})
    sources = {o.key: config.values[o.name] for o in OPTIONS if o.section == "ocr"}
    return config.ocr(), sources


def mask(value: str) -> str:
    """A secret as it may be shown: a URL keeps all but its password (in the user part or a
    ``?password=``-like parameter); anything else shows only that it is set, so a token's prefix
    never lands in a screenshot or a log."""
    parts = urlsplit(value)
    if not (parts.scheme and parts.netloc):
        return "****" if value else ""
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:****@{hostport}" if ":" in userinfo else f"****@{hostport}"
    query = "&".join(
        f"{key}=****" if key.lower() in _SECRET_PARAMS else f"{key}={val}" if sep else key
        for key, sep, val in (pair.partition("=") for pair in parts.query.split("&") if pair)
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


# Query parameters that carry a secret in the URLs cardfollow takes (libpq's, SMTP tokens).
_SECRET_PARAMS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "sslpassword",
        "secret",
        "token",
        "api_key",
        "apikey",
        "key",
    }
)
