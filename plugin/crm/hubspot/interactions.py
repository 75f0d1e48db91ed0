"""Read back what happened with contacts as HubSpot logged it: emails sent or received,
meetings held and calls answered. This is what resets a contact's keep-in-touch timer.

For each engagement type, one batch association read per 1,000 contacts finds the linked
engagements. Those not already ``known`` are then read in batches of 100, with only the
properties that decide whether they count. An engagement linked to several contacts is read
once and gives one `Interaction` per contact.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass

from ..adapter import CrmStopped, Interaction
from .associations import read_associations
from .client import BATCH_LIMIT, BatchResult, HubSpotClient
from .errors import AuthenticationError, DailyLimitReached, HubSpotError, MissingScopes

log = logging.getLogger(__name__)

Props = Mapping[str, str | None]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_MS = re.compile(r"-?\d+")

# hs_email_direction values for mail that really went out or came in (reference §3.4).
_MAIL_DIRECTIONS = frozenset({"EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"})
_MEETING_DID_NOT_HAPPEN = frozenset({"CANCELED", "NO_SHOW"})
# HubSpot's default call outcomes (hs_call_disposition) for a call nobody took: "No answer",
# "Busy" and "Wrong number". A logged call usually has status COMPLETED whatever happened, so
# the outcome says whether anyone was reached. A voicemail counts: the user did get in touch.
_NOBODY_REACHED = frozenset(
    {
        "73a0d17f-1163-4015-bdd5-ec830791da20",
        "9d9162e7-6cf3-4944-bf63-4dff82258764",
        "17b47fee-58de-441e-a44c-c6300d46f273",
    }
)


@dataclass(frozen=True)
class _Kind:
    object_type: str  # HubSpot's name: "emails"
    kind: str  # ours: "email"
    properties: tuple[str, ...]
    title: str  # the property that names it, for the user's eyes
    counts: Callable[[Props], bool]
    when: Callable[[Props], dt.datetime | None]


def _email_counts(p: Props) -> bool:
    return (
        p.get("hs_email_direction") in _MAIL_DIRECTIONS
        and (p.get("hs_email_status") or "SENT") == "SENT"
    )


def _meeting_counts(p: Props) -> bool:
    return (p.get("hs_meeting_outcome") or "") not in _MEETING_DID_NOT_HAPPEN


def _call_counts(p: Props) -> bool:
    status = p.get("hs_call_status") or "COMPLETED"
    return status == "COMPLETED" and (p.get("hs_call_disposition") or "") not in _NOBODY_REACHED


def _stamp(p: Props) -> dt.datetime | None:
    return parse_time(p.get("hs_timestamp"))


def _meeting_time(p: Props) -> dt.datetime | None:
    return parse_time(p.get("hs_meeting_start_time")) or _stamp(p)


KINDS: tuple[_Kind, ...] = (
    _Kind(
        "emails",
        "email",
        ("hs_timestamp", "hs_email_subject", "hs_email_direction", "hs_email_status"),
        "hs_email_subject",
        _email_counts,
        _stamp,
    ),
    _Kind(
        "meetings",
        "meeting",
        ("hs_timestamp", "hs_meeting_title", "hs_meeting_start_time", "hs_meeting_outcome"),
        "hs_meeting_title",
        _meeting_counts,
        _meeting_time,
    ),
    _Kind(
        "calls",
        "call",
        ("hs_timestamp", "hs_call_title", "hs_call_status", "hs_call_disposition"),
        "hs_call_title",
        _call_counts,
        _stamp,
    ),
)


def read_interactions(
    client: HubSpotClient,
    remote_contact_ids: Sequence[str],
    *,
    known: Container[str] = (),
    now: dt.datetime | None = None,
) -> list[Interaction]:
    """Emails, meetings and calls logged on these contacts that happened by ``now`` (default:
    the client's clock), oldest first; engagements whose key (``"emails:123"``) is in
    ``known`` are not read.

    Raises `CrmStopped` when HubSpot takes nothing more (daily limit, credentials, scopes),
    and other `HubSpotError` s (outage, rate limit outlasting the retries) as they come:
    never a partial list.
    """
    contacts = list(dict.fromkeys(str(c) for c in remote_contact_ids if str(c)))
    if not contacts:
        return []
    cutoff = _utc(now) if now else dt.datetime.fromtimestamp(client.clock.now(), dt.UTC)
    calls_before = client.calls
    try:
        found = [i for kind in KINDS for i in _read_kind(client, kind, contacts, known, cutoff)]
    except (DailyLimitReached, AuthenticationError, MissingScopes) as exc:
        raise CrmStopped(_stop_message(exc)) from None
    log.info(
        "HubSpot: %d interaction(s) on %d contact(s) in %d request(s)",
        len(found),
        len(contacts),
        client.calls - calls_before,
    )
    return sorted(found, key=lambda i: (i.at, i.key, i.remote_contact_id))


def _read_kind(
    client: HubSpotClient,
    kind: _Kind,
    contacts: list[str],
    known: Container[str],
    cutoff: dt.datetime,
) -> list[Interaction]:
    linked = read_associations(client, "contacts", kind.object_type, contacts)
    holders: dict[str, list[str]] = {}  # engagement id -> the given contacts it is on
    for contact, rows in linked.items():
        for row in rows:
            engagement = str(row.get("toObjectId", ""))
            if engagement and f"{kind.object_type}:{engagement}" not in known:
                on = holders.setdefault(engagement, [])
                if contact not in on:
                    on.append(contact)
    ids = list(holders)
    out: list[Interaction] = []
    for start in range(0, len(ids), BATCH_LIMIT):
        result = client.batch_read(
            kind.object_type, ids[start : start + BATCH_LIMIT], properties=kind.properties
        )
        _check(result, client.paths.batch(kind.object_type, "read"))
        for record in result.results:
            props: Props = record.get("properties") or {}
            at = kind.when(props)
            if at is None or at > cutoff or not kind.counts(props):
                continue
            key = f"{kind.object_type}:{record.get('id')}"
            summary = (props.get(kind.title) or "").strip()
            out.extend(
                Interaction(contact, kind.kind, at, key, summary)
                for contact in holders.get(str(record.get("id")), [])
            )
    return out


def _check(result: BatchResult, path: str) -> None:
    """An engagement deleted since its association was read is simply gone; any other error
    leaves the answer incomplete."""
    for err in result.errors:
        if err.get("category") != "OBJECT_NOT_FOUND":
            raise HubSpotError(
                result.status,
                str(err.get("category") or "") or None,
                str(err.get("message") or "a batch read failed for some inputs"),
                method="POST",
                path=path,
            )


def parse_time(value: str | None) -> dt.datetime | None:
    """A HubSpot datetime value as aware UTC: epoch milliseconds or ISO-8601 (``Z`` or an
    offset; none means UTC). None when absent or neither form."""
    if not value or not (text := str(value).strip()):
        return None
    try:
        if _EPOCH_MS.fullmatch(text):
            return _EPOCH + dt.timedelta(milliseconds=int(text))
        return _utc(dt.datetime.fromisoformat(text))
    except (ValueError, OverflowError):
        return None


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _stop_message(exc: HubSpotError) -> str:
    if isinstance(exc, DailyLimitReached):
        return "HubSpot's daily API limit is used up; interactions are read again tomorrow"
    if isinstance(exc, MissingScopes):
        scopes = ", ".join(exc.required) or "see HubSpot's message"
        return (
            f"the HubSpot token lacks scopes ({scopes}) to read contacts' emails, meetings "
            "and calls; add them to the app and try again"
        )
    return "HubSpot refused the credentials (CARDFOLLOW_HUBSPOT_TOKEN or OAuth); nothing was read"
