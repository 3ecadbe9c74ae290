"""Guard: no silent in-memory fallback when the conversation database fails.

Rasa wraps every tracker store in FailSafeTrackerStore: when the database fails it answers
from an empty in-memory tracker and saves there, so the patient loses the conversation
context now and its events later, with only a log line. The loaded agent's store is
unwrapped: a database error reaches the channel, which tells the patient the service is
unavailable (isobot.channels.rest), and the readiness route reports it.
"""

from __future__ import annotations

from typing import Any

from isobot.rasa_patches.base import Original, Patch, Setter

PATCH = Patch(
    name="failsafe_store",
    kind="guard",
    scope="agent",
    replaces=(
        Original(
            "rasa.core.tracker_store:FailSafeTrackerStore",
            "(tracker_store: 'TrackerStore', on_tracker_store_error: 'Optional[Callable[[Exception], None]]' = None, fallback_tracker_store: 'Optional[TrackerStore]' = None) -> 'None'",  # noqa: E501 (Rasa's signature, verbatim)
            "84833481b14c2271",
        ),
    ),
    why="Rasa carries on in memory when the database fails, losing the conversation later",
    gain="not a speedup: a database failure is told to the patient and the readiness route answers 503 "
    "(tests/integration/test_faults.py; commit 712cc96)",
)


def apply(setter: Setter, agent: Any) -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        setter(agent, "tracker_store", store._tracker_store)
        if getattr(agent, "processor", None) is not None:
            setter(agent.processor, "tracker_store", store._tracker_store)
