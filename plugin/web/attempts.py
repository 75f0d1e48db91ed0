"""How many wrong passwords a name, or an address, may try before sign-in pauses.

argon2 makes each guess cost ~50 ms, which alone still allows tens of thousands of guesses a day;
this caps them per account name and per client address over a sliding window. It lives in the
server's memory: a restart forgets it, and each server of a team counts on its own (a limit per
server, not per team). Signing in by link is not limited: a link's token cannot be guessed.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW_S = 15 * 60
PER_NAME = 5  # wrong passwords for one account name within the window
PER_ADDRESS = 20  # wrong passwords from one client address, over any names


class Attempts:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        now, seen = self.clock(), self.failures[key]
        while seen and seen[0] <= now - WINDOW_S:
            seen.popleft()
        if not seen:
            del self.failures[key]  # so idle keys don't pile up
            return deque()
        return seen

    def wait_s(self, name: str, address: str) -> int:
        """0 when this attempt may go ahead, else the seconds until it may."""
        now, waits = self.clock(), []
        for key, limit in ((f"name:{name}", PER_NAME), (f"addr:{address}", PER_ADDRESS)):
            recent = self._recent(key)
            if len(recent) >= limit:
                waits.append(recent[0] + WINDOW_S - now)
        return max(1, math.ceil(max(waits))) if waits else 0

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        self.failures[f"name:{name}"].append(now)
        self.failures[f"addr:{address}"].append(now)

    def succeeded(self, name: str) -> None:
        self.failures.pop(f"name:{name}", None)
