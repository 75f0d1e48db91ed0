"""When an approved follow-up goes out: now, the next business morning, or a given time.

The rule for ``"morning"`` and ``"HH:MM"``: the first workday whose send time (in the user's zone)
is strictly after the approval. So a card approved on a workday before that time goes the same
day; approved at or after it, or on a day off, it goes the next workday: Tuesday 08:00 → Tuesday
09:00, Tuesday 09:00 → Wednesday 09:00, Friday evening → Monday 09:00.

Clock changes: a time that does not exist that day (skipped by a spring-forward) is read as the
same number of minutes past the last valid time, i.e. moved forward by the gap (02:30 on the
Berlin switch day → 03:30 CEST); a time that exists twice (fall-back) is its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import MailConfigError

POLICIES = ("now", "morning", "HH:MM")
WORKDAYS = (0, 1, 2, 3, 4)  # Monday-Friday, as date.weekday() counts
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_LOCALTIME = Path("/etc/localtime")


def parse_policy(text: str) -> str:
    """``"now"``, ``"morning"`` or a time ``"HH:MM"`` (zero-padded; ``"8:30"`` → ``"08:30"``).
    Anything else raises ``MailConfigError``."""
    value = (text or "").strip().lower()
    if value in ("now", "morning"):
        return value
    clock = _CLOCK.fullmatch(value)
    if clock:
        return f"{int(clock[1]):02d}:{clock[2]}"
    raise MailConfigError(
        f'send time must be "now", "morning" or a time like "08:30", got {text!r}'
    )


def parse_clock(text: str) -> dt.time:
    """A time of day ``"HH:MM"`` (the ``mail.morning`` setting); ``MailConfigError`` if not."""
    clock = _CLOCK.fullmatch((text or "").strip())
    if not clock:
        raise MailConfigError(f'a time of day must look like "09:00", got {text!r}')
    return dt.time(int(clock[1]), int(clock[2]))


def send_time(
    approved_at: dt.datetime,
    policy: str,
    *,
    tz: ZoneInfo,
    morning: dt.time = dt.time(9, 0),
    workdays: Iterable[int] = WORKDAYS,
) -> dt.datetime:
    """When a follow-up approved at ``approved_at`` (aware) goes out under ``policy``
    (see ``parse_policy``), in UTC. ``"morning"`` means ``morning`` o'clock in ``tz``."""
    if approved_at.utcoffset() is None:
        raise ValueError("send_time: approved_at must be timezone-aware")
    chosen = parse_policy(policy)
    if chosen == "now":
        return approved_at.astimezone(dt.UTC)
    at = morning if chosen == "morning" else parse_clock(chosen)
    days = frozenset(workdays)
    if not days or not days <= set(range(7)):
        raise MailConfigError(f"workdays must be weekday numbers 0-6 (Monday is 0), got {days}")
    day = approved_at.astimezone(tz).date()
    # At most a week ahead, plus one day for a time already past on the approval day.
    for _ in range(8):
        if day.weekday() in days:
            # fold=0: in a gap, the offset from before the change (so the time moves forward);
            # in a repeated hour, the first occurrence.
            candidate = dt.datetime.combine(day, at, tzinfo=tz).astimezone(dt.UTC)
            if candidate > approved_at:
                return candidate
        day += dt.timedelta(days=1)
    raise AssertionError("unreachable: a workday comes within 8 days")  # pragma: no cover


def local_timezone(name: str | None, *, localtime: Path = _LOCALTIME) -> ZoneInfo:
    """The zone called ``name`` (e.g. ``"Europe/Berlin"``), or with None this machine's: the TZ
    environment variable, else ``/etc/localtime`` (``localtime`` in tests), else UTC.
    A name that is no zone raises ``MailConfigError``."""
    if name is not None and name.strip():
        zone = _zone(name.strip())
        if zone is None:
            raise MailConfigError(
                f"unknown time zone {name!r}: use a name such as Europe/Berlin or America/New_York"
            )
        return zone
    from_env = os.environ.get("TZ", "").strip().removeprefix(":")
    if from_env:
        zone = _zone_from_path(Path(from_env)) if from_env.startswith("/") else _zone(from_env)
        if zone is not None:
            return zone
    return _zone_from_path(localtime) or ZoneInfo("UTC")


def _zone(key: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_from_path(path: Path) -> ZoneInfo | None:
    """A zone file: by its name when it is (or links into) a zoneinfo tree, else read as is."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    parts = target.parts
    if "zoneinfo" in parts:
        key = "/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :])
        # posix/ and right/ are copies of the same zones under a prefix.
        for candidate in (key, key.removeprefix("posix/")):
            zone = _zone(candidate)
            if zone is not None:
                return zone
    try:
        with target.open("rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ValueError):
        return None
