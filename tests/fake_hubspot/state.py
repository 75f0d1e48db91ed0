"""Everything the fake remembers, behind one lock, plus what it records about each request."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .associations import AssociationStore
from .clock import VirtualClock
from .files import FileStore
from .limits import Faults, RateLimiter
from .oauth import TokenStore
from .objects import ObjectStore
from .properties import PropertyStore
from .schema import ALL_SCOPES
from .settings import Settings


@dataclass(frozen=True)
class RequestRecord:
    """One request as the fake saw it; ``status`` is 0 when the connection was reset."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    at: float  # virtual time of arrival
    json: Any  # the parsed JSON body, or None
    body: bytes = field(default=b"", repr=False)  # raw; may hold form secrets, so not in repr


class State:
    def __init__(self, settings: Settings, clock: VirtualClock, token: str) -> None:
        self.lock = threading.RLock()
        self.settings = settings
        self.clock = clock
        self.base_url = ""
        self.properties = PropertyStore()
        self.associations = AssociationStore()
        self.files = FileStore()
        self.objects = ObjectStore(
            settings, clock.now, self.properties, self.associations, self.files
        )
        self.tokens = TokenStore()
        self.tokens.add(token, ALL_SCOPES, "static", None)
        self.limiter = RateLimiter(settings)
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
