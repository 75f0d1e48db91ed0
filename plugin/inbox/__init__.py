"""The inbox's file layer: which files to take, when they are complete, and where they belong.

Processing a taken file (store, OCR, drafts) lives elsewhere and calls this API.
"""

from __future__ import annotations

from .events import read_event
from .fstype import filesystem_type, needs_polling, polling_reason
from .ignore import IGNORED_PATTERNS, is_ignored, name_is_ignored
from .links import LinkRefused, open_in_inbox
from .listing import EVENT_FILE, FAILED_DIR, event_name_for, is_candidate, list_candidates
from .quarantine import QuarantineError, quarantine
from .sides import capture_time, captured_at, side_of
from .stability import EMPTY_FACTOR, StabilityTracker, wait_until_stable
from .watcher import InboxWatcher, WatchError

__all__ = [
    "EMPTY_FACTOR",
    "EVENT_FILE",
    "FAILED_DIR",
    "IGNORED_PATTERNS",
    "InboxWatcher",
    "LinkRefused",
    "QuarantineError",
    "StabilityTracker",
    "WatchError",
    "capture_time",
    "captured_at",
    "event_name_for",
    "filesystem_type",
    "is_candidate",
    "is_ignored",
    "list_candidates",
    "name_is_ignored",
    "needs_polling",
    "open_in_inbox",
    "polling_reason",
    "quarantine",
    "read_event",
    "side_of",
    "wait_until_stable",
]
