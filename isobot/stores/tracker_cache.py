"""Trackers remembered between a conversation's turns, so a turn need not re-read its session.

Rasa's SQLTrackerStore reads every event of the session on each turn and replays them into a
new tracker, whose remembered history (`isobot.rasa_patches.past_states`) then starts again from nothing.
That was most of why message 50 of a conversation was slower than message 1. Here the store
keeps the tracker it has just saved, and the next read of that conversation takes it back out
(`take`: one holder at a time, so a turn that fails half-way never leaves a tracker with
unsaved events behind). The store hands it out only after the database proves it is still what
was saved (see `GuardedSQLTrackerStore._brought_up_to_date`); otherwise the turn reads the
database as Rasa does.

Bounded in size and in time, because a tracker holds the patient's own words:
`TRACKER_CACHE_SIZE` conversations per process (least recently saved dropped first; default
256, 0 turns remembering off), each dropped after `TRACKER_CACHE_IDLE_SECONDS` without a turn
(default 1800).
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_SIZE = 256
DEFAULT_IDLE_SECONDS = 1800.0


@dataclass(frozen=True)
class Remembered:
    tracker: DialogueStateTracker
    event_count: int  # len(tracker.events) when saved: more means it was changed after the save
    last_row_id: int  # the database row of the tracker's last event
    last_row_data: str
    saved_at: float


class RememberedTrackers:
    def __init__(self, size: int, idle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.idle_seconds, self._clock = size, idle_seconds, clock
        self._by_sender: OrderedDict[str, Remembered] = OrderedDict()

    @classmethod
    def from_environment(cls) -> RememberedTrackers:
        return cls(
            int(os.environ.get("TRACKER_CACHE_SIZE") or DEFAULT_SIZE),
            float(os.environ.get("TRACKER_CACHE_IDLE_SECONDS") or DEFAULT_IDLE_SECONDS),
        )

    def __len__(self) -> int:
        return len(self._by_sender)

    def keep(self, tracker: DialogueStateTracker, last_row_id: int, last_row_data: str) -> None:
        if self.size <= 0:
            return
        sender_id = tracker.sender_id
        self._by_sender.pop(sender_id, None)
        self._by_sender[sender_id] = Remembered(tracker, len(tracker.events), last_row_id, last_row_data, self._clock())
        self._drop_idle()
        while len(self._by_sender) > self.size:
            self._by_sender.popitem(last=False)

    def take(self, sender_id: str) -> Remembered | None:
        self._drop_idle()
        remembered = self._by_sender.pop(sender_id, None)
        if remembered is None or len(remembered.tracker.events) != remembered.event_count:
            return None
        return remembered

    def forget(self, sender_id: str) -> None:
        self._by_sender.pop(sender_id, None)

    def _drop_idle(self) -> None:
        # Saved order is idle order: the oldest entries are at the front.
        cutoff = self._clock() - self.idle_seconds
        while self._by_sender:
            oldest = next(iter(self._by_sender.values()))
            if oldest.saved_at > cutoff:
                return
            self._by_sender.popitem(last=False)
