"""Override (declared here, installed by endpoints.yml): three private SQLTrackerStore methods.

GuardedSQLTrackerStore (isobot's tracker store module; `type:` in endpoints.yml) subclasses
Rasa's SQLTrackerStore and overrides `_event_query` (only the `data` column, the latest
session's start as a subquery run once), `_retrieve` (the remembered tracker, checked against
the database) and `_additional_events` (append only what is new since this process read or
saved the tracker). Nothing is patched at run time, so nothing is installed or undone; the
declaration is here so the tripwire test catches a Rasa upgrade that changes what these
private methods do or how they are called.
"""

from __future__ import annotations

from isobot.rasa_patches.base import Original, Patch

PATCH = Patch(
    name="tracker_store_overrides",
    kind="speedup",
    scope="subclass",
    replaces=(
        Original(
            "rasa.core.tracker_store:SQLTrackerStore._event_query",
            "(self, session: \"'Session'\", sender_id: 'Text', fetch_events_from_all_sessions: 'bool') -> \"'Query'\"",
            "cd44f7901b860bfd",
        ),
        Original(
            "rasa.core.tracker_store:SQLTrackerStore._retrieve",
            "(self, sender_id: 'Text', fetch_events_from_all_sessions: 'bool') -> 'Optional[DialogueStateTracker]'",
            "c8adbf6f4b61ddd1",
        ),
        Original(
            "rasa.core.tracker_store:SQLTrackerStore._additional_events",
            "(self, session: \"'Session'\", tracker: 'DialogueStateTracker') -> 'Iterator'",
            "d22f99eb863acb07",
        ),
    ),
    why="Rasa builds an ORM object per stored event, counts the stored rows on every save, and joins the "
    "latest session's start per row (PostgreSQL's plan grew with the square of the session)",
    gain="read 4.9 -> 3.5 ms per message (commit df06a51); save 0.52x, turn 0.86x; scaled messages 41-50 "
    "57.7 -> 24.8 ms (docs/deploy.md levers table)",
)
