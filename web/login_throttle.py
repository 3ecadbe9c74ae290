"""Staff login throttle: a few free failures per client address and per account, then a
delay that doubles with every further failure.

The check and the bookkeeping run without an await in between, so parallel guesses are
counted one by one: 200 guesses sent at once get 5 tries, not 200 (a sleep per request did
not slow parallel guessing at all). Per account as well as per address, so guessing from many
addresses still meets the delay; the price is that someone guessing can make staff wait too,
which is capped at MAX_DELAY_SECONDS.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 15 * 60
# Counters of clients that stopped trying are dropped after this long without a failure.
FORGET_AFTER_SECONDS = 24 * 3600
MAX_TRACKED = 100_000


@dataclass
class _Failures:
    count: int = 0
    blocked_until: float = 0.0
    last: float = 0.0


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, _Failures] = {}

    def wait_seconds(self, keys: Iterable[str]) -> int:
        """How long these keys must wait before another try (0: try now), whole seconds up."""
        now = self._clock()
        waits = [self._failures[k].blocked_until - now for k in keys if k in self._failures]
        return max(0, math.ceil(max(waits, default=0.0)))

    def failed(self, keys: Iterable[str]) -> int:
        """Count a failure against every key; returns the largest count (for the log)."""
        now = self._clock()
        self._forget_idle(now)
        worst = 0
        for key in keys:
            entry = self._failures.setdefault(key, _Failures())
            entry.count += 1
            entry.last = now
            if entry.count >= FREE_FAILURES:
                delay = FIRST_DELAY_SECONDS * 2 ** (entry.count - FREE_FAILURES)
                entry.blocked_until = now + min(MAX_DELAY_SECONDS, delay)
            worst = max(worst, entry.count)
        return worst

    def succeeded(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        if len(self._failures) < MAX_TRACKED:
            return
        for key in [k for k, e in self._failures.items() if now - e.last > FORGET_AFTER_SECONDS]:
            del self._failures[key]
