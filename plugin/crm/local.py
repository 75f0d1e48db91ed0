"""The embedded default: no account, nothing leaves the machine.

The contact already lives in the local store (``cardfollow cards``, ``cardfollow export`` to a
vCard file or a CSV for any CRM's import), so a push only confirms it; follow-ups are mailed by
cardfollow and their sending is recorded in the store's own history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence
from typing import Any

from .adapter import CrmEntry, FollowUp, Interaction, Outcome, Progress, PushCard


class LocalCrm:
    name = "local"
    batch_size = 500

    def describe(self) -> str:
        return "the local store (no CRM account)"

    def sends_mail(self) -> bool:
        return True

    def push(self, cards: Sequence[PushCard], progress: Progress) -> list[Outcome]:
        return [
            Outcome(card.card_id, True, {"contact": str(card.contact_id)}, warnings=_warnings(card))
            for card in cards
        ]

    def log_email(self, mail: FollowUp, progress: Progress) -> Outcome:
        # The send itself is the record: the outbox keeps its Message-ID and time.
        return Outcome(mail.card_id, True)

    def create_task(self, mail: FollowUp, progress: Progress) -> Outcome:
        return Outcome(mail.card_id, False, error="the local store has no tasks; mail it instead")

    def plan(self, card: PushCard) -> dict[str, Any]:
        return {"contact": card.contact_id, "note": "kept in the local store"}

    def contact_emails(self, remote_id: str) -> list[str]:
        return []  # the local store's contacts are ours already: no other ids to map

    def interactions(
        self,
        remote_contact_ids: Sequence[str],
        *,
        known: Container[str] = (),
        now: dt.datetime | None = None,
    ) -> list[Interaction]:
        return []  # no CRM log: cardfollow records its own sends itself


def _warnings(card: PushCard) -> tuple[str, ...]:
    if card.flagged:
        return (f"approved with doubtful {', '.join(card.flagged)}",)
    return ()


LOCAL = CrmEntry("local", "your local contacts", (), lambda _config, _store: LocalCrm())
