from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fake_hubspot import FakeHubSpot, VirtualClock
from postgres_server import PostgresServer, find_bindir, postgres_server
from smtp_server import SmtpServer, smtp_server
from starlette.testclient import TestClient

from plugin.config import Config, load
from plugin.store import Store
from plugin.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cards"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the developer's real cardfollow state."""
    for var in list(os.environ):
        if var.startswith("CARDFOLLOW_"):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CARDFOLLOW_HOME", str(tmp_path / "cardfollow-home"))
    # A set-up machine has a profile (approving needs its name and email); a test about a
    # missing profile removes these.
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")


CARDFOLLOW = [sys.executable, "-m", "plugin"]
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300):
    """``cardfollow ARGS`` as a user runs it: a real process, with this test's home."""
    return subprocess.run(
        [*CARDFOLLOW, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def home() -> Path:
    return Path(os.environ["CARDFOLLOW_HOME"])


def inbox() -> Path:
    path = home() / "inbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sample(name_start: str) -> Path:
    """A checked-in sample card by the start of its name, e.g. ``s01``."""
    found = sorted(p for p in SAMPLES.glob(f"{name_start}*") if p.suffix != ".json")
    assert found, f"no sample card {name_start}*"
    return found[0]


def text_card(path: Path, lines: list[str], taken: dt.datetime | None = None) -> Path:
    """A plain printed card (300 dpi, 3.5 x 2 in) with these lines; ``taken`` writes the EXIF
    DateTimeOriginal a phone camera would."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(_FONT), 38)
    for i, line in enumerate(lines):
        draw.text((70, 70 + i * 64), line, fill="black", font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    img.save(path, exif=exif) if path.suffix.lower() in (".jpg", ".jpeg") else img.save(path)
    return path


def with_exif_time(src: Path, dest: Path, taken: dt.datetime) -> Path:
    """A copy of a card image as a phone JPEG taken at ``taken``."""
    from PIL import Image

    with Image.open(src) as img:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
        dest.parent.mkdir(parents=True, exist_ok=True)
        img.convert("RGB").save(dest, quality=92, exif=exif)
    return dest


# --- Fixtures shared by the test modules ------------------------------------------------------
# A module changes what it needs by overriding ``env`` (its settings) and keeps the rest.

WEB_BASE = "http://127.0.0.1:8155"
HUBSPOT_TOKEN = "test-token"


@pytest.fixture
def env() -> None:
    """The settings a module sets (``monkeypatch.setenv``) before ``config`` reads them."""


@pytest.fixture
def config(env: object) -> Config:
    """The settings in force: this test's own CARDFOLLOW_HOME plus ``env``."""
    return load()


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    """The store the settings name: the real SQLite store under this test's home (or the team
    store, for a module whose ``env`` sets CARDFOLLOW_STORE_URL)."""
    with Store(config.store().path, config.store().url) as s:
        yield s


# --- PostgreSQL: one scratch cluster per test run, a fresh database per test -----------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on loopback, started for this test run."""
    if find_bindir() is None:
        pytest.skip("no PostgreSQL server installed (bash scripts/setup.sh --dev installs it)")
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(postgres: PostgresServer) -> Iterator[str]:
    """A new, empty database on the scratch server: its postgresql:// URL."""
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def both_backends(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test of a module marked ``pytest.mark.usefixtures("both_backends")`` runs twice:
    on the SQLite store, then with CARDFOLLOW_STORE_URL naming a fresh PostgreSQL database (the
    ``store`` fixture, ``config`` and any ``cardfollow`` the test runs all use it)."""
    if request.param == "postgresql":
        monkeypatch.setenv("CARDFOLLOW_STORE_URL", request.getfixturevalue("pg_url"))
    return str(request.param)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on each backend in turn: a test using it runs on SQLite and PostgreSQL."""
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with Store(tmp_path / "store" / "cardfollow.db", url) as s:
        yield s


@pytest.fixture
def client(config: Config, store: Store) -> Iterator[TestClient]:
    """The review page in-process, as the browser at ``WEB_BASE`` sees it."""
    with TestClient(create_app(config), base_url=WEB_BASE, follow_redirects=False) as c:
        c.get("/")  # the first visit sets the CSRF cookie
        yield c


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def fake(clock: VirtualClock) -> Iterator[FakeHubSpot]:
    """The fake HubSpot on loopback, on a virtual clock."""
    with FakeHubSpot(clock=clock) as running:
        yield running


class HubSpotApi:
    """A thin ``requests`` session against the fake, with a bearer token by default."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def __call__(
        self, method: str, path: str, *, token: str | None = HUBSPOT_TOKEN, **kwargs: Any
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs.setdefault("timeout", 5)
        return self.session.request(method, self.base_url + path, headers=headers, **kwargs)


@pytest.fixture
def api(fake: FakeHubSpot) -> Iterator[HubSpotApi]:
    client = HubSpotApi(fake.base_url)
    yield client
    client.session.close()
