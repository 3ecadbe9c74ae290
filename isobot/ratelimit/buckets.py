"""Token buckets: each key may send a burst at once, then at a steady rate.

Tokens refill continuously, so a patient who pauses is never limited and the wait is known
exactly. Memory stays bounded: a key idle long enough for its bucket to be full again is the
same as no key and is dropped; past `max_keys` the least recently used key is dropped. The
counters never leave the process's memory (docs/privacy.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limit:
    burst: int
    per_minute: float

    @property
    def on(self) -> bool:
        return self.burst > 0 and self.per_minute > 0

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


class TokenBuckets:
    """One token bucket per key. Keys are kept in least-recently-used order, so the longest
    idle ones sit at the front, where they are dropped."""

    def __init__(self, limit: Limit, max_keys: int, clock: Clock = time.monotonic) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)
        # An empty bucket is full again after this long; a full bucket is the same as none.
        self._refill_seconds = limit.burst / limit.per_second if limit.on else 0.0

    def __len__(self) -> int:
        return len(self._buckets)

    def _tokens(self, key: str, now: float) -> float:
        state = self._buckets.get(key)
        if state is None:
            return float(self.limit.burst)
        tokens, when = state
        return min(float(self.limit.burst), tokens + (now - when) * self.limit.per_second)

    def wait(self, key: str) -> float:
        """Seconds before `key` may send one more message; 0 means now."""
        if not self.limit.on:
            return 0.0
        tokens = self._tokens(key, self._clock())
        # The tolerance absorbs float rounding: 3 s at 1/3 token a second is a whole token.
        return 0.0 if tokens >= 1 - 1e-9 else (1 - tokens) / self.limit.per_second

    def take(self, key: str) -> None:
        """Count one message from `key` (call only after wait() said 0)."""
        if not self.limit.on:
            return
        now = self._clock()
        self._buckets[key] = (max(0.0, self._tokens(key, now) - 1), now)
        self._buckets.move_to_end(key)
        self._evict(now)

    def _evict(self, now: float) -> None:
        while self._buckets:
            key, (_, when) = next(iter(self._buckets.items()))
            if len(self._buckets) <= self.max_keys and now - when < self._refill_seconds:
                return
            del self._buckets[key]
