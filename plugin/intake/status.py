"""What became of each photo a scan took: the ``status`` of ``cardfollow scan --json``."""

from __future__ import annotations

from enum import StrEnum


class ScanStatus(StrEnum):
    """The values are exactly what ``scan --json`` prints and scripts compare against."""

    DRAFTED = "drafted"  # read, and a follow-up drafted
    EXTRACTED = "extracted"  # read, but no draft (a broken template, or no way to draft it)
    QUEUED = "queued"  # taken in; a worker reads it (a team store: `cardfollow worker`)
    MERGED = "merged"  # the back of a card, folded into its front
    KNOWN = "known"  # taken before (or gone before it could be taken)
    FAILED = "failed"  # unreadable or refused, and quarantined
