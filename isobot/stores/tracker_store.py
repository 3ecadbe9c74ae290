"""The tracker store: Rasa's SQLTrackerStore, made to hold patients' words carefully.

endpoints.yml names it (`type: isobot.stores.tracker_store.GuardedSQLTrackerStore`); everything
else (tables, sessions, SQLite or PostgreSQL by DB_URL) is Rasa's own. The differences:

- **Masking.** Emails and phone numbers in what the patient typed are masked before a row is
  written. The turn itself still sees the raw text (the safety detector reads all of it);
  only what is stored is masked.
- **Erasure ("forget me").** When a turn ends with the confirmed erasure response, the
  conversation's rows are deleted here, at save time, instead of appending the turn. Deleting
  them earlier, inside an action, would be undone: Rasa saves the whole in-memory tracker
  after the turn, and finding no rows it would write them all back.
- **Saves append what is new since this process read or saved the tracker**, instead of
  counting the stored rows again (one query fewer per turn; a conversation erased by another
  process mid-turn is not written back). The latest session's start is a subquery run once,
  not joined per row (PostgreSQL's plan for Rasa's join grew with the square of the session).
- **Remembered between turns.** The tracker just saved is kept in memory and handed to the
  conversation's next turn once the database proves it unchanged (`isobot.stores.tracker_cache`);
  otherwise, or with `TRACKER_CACHE_SIZE=0`, the turn reads the database as Rasa does.
- **Failures are loud.** A database error is logged and raised as `TrackerStoreUnavailable`,
  so the channel tells the patient the service is unavailable. Rasa's FailSafeTrackerStore,
  which would carry on in memory and lose the conversation later, is removed at start-up by
  `isobot.rasa_patches.failsafe_store`.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, ensure_schema_exists
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from isobot.staff.privacy import hash_conversation_id
from isobot.staff.retention import erase_conversation
from isobot.stores.masking import masked_event_data
from isobot.stores.sqlite_engine import create_sqlite_file_engine, is_sqlite_file
from isobot.stores.tracker_cache import Remembered, RememberedTrackers

logger = logging.getLogger(__name__)

# The response the "forget me" rule runs once the patient has confirmed (data/rules/privacy.yml).
ERASURE_CONFIRMED_ACTION = "utter_data_erased"


class TrackerStoreUnavailable(RuntimeError):
    """The conversation database cannot be read or written right now."""


def erasure_confirmed(events: Iterable[Event]) -> bool:
    return any(isinstance(event, ActionExecuted) and event.action_name == ERASURE_CONFIRMED_ACTION for event in events)


class GuardedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa's engine never pings: after a PostgreSQL restart the first turn on each pooled
        # connection would fail. A ping on checkout makes service resume by itself.
        url = self.engine.url
        self.engine.dispose()
        create = create_sqlite_file_engine if is_sqlite_file(url) else sa.create_engine  # faster saves
        self.engine = create(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.remembered = RememberedTrackers.from_environment()
        self._statements = _HotStatements(self.SQLEvent.__table__)

    @contextmanager
    def session_scope(self) -> Iterator[Any]:
        """Rasa's, minus one trap: it reads ANY ValueError raised inside the session (such as a
        UnicodeEncodeError from an unencodable sender id) as "PostgreSQL schema missing" and
        exits the server. Here such an error fails only the one turn."""
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
        except ValueError as missing:
            session.close()
            raise TrackerStoreUnavailable(f"PostgreSQL schema {missing} not found") from None
        try:
            yield session
        finally:
            session.close()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with _loud("read", sender_id):
            return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        with _loud("read", conversation_id):
            return await super().retrieve_full_tracker(conversation_id)

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """Rasa's rows, with `_in_latest_session`'s filter in place of Rasa's joined subquery."""
        query = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
        if not fetch_events_from_all_sessions:
            query = query.filter(_in_latest_session(self.SQLEvent.__table__, sender_id))
        return query.order_by(self.SQLEvent.id)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """The remembered tracker when the database proves it current; otherwise Rasa's read,
        taking only the `data` column (Rasa builds an ORM object per stored event, which was
        most of a late message's read time and grew with the conversation)."""
        if not fetch_events_from_all_sessions:
            remembered = self.remembered.take(sender_id)
            if remembered is not None:
                tracker = self._brought_up_to_date(remembered)
                if tracker is not None:
                    return _marked_as_stored(tracker)
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return tracker if fetch_events_from_all_sessions else _marked_as_stored(tracker)

    def _brought_up_to_date(self, remembered: Remembered) -> DialogueStateTracker | None:
        """The remembered tracker, if the database still holds exactly what was saved from it,
        plus any newer rows (written by another process, in the scaled profile). None when a
        purge, an erasure or a new session has changed the conversation since: the last saved
        row must be unchanged (same id, same data, so a reused id cannot pass), and the session
        must count the tracker's events plus the newer rows (Rasa's definition of a session)."""
        tracker = remembered.tracker
        with self.session_scope() as session:
            in_session = self._session_row_count(session, tracker.sender_id)
            rows = session.execute(
                self._statements.rows_from, {"sender": tracker.sender_id, "first_id": remembered.last_row_id}
            ).all()
        if not rows or tuple(rows[0]) != (remembered.last_row_id, remembered.last_row_data):
            return None
        newer = [json.loads(data) for _, data in rows[1:]]
        if in_session != remembered.event_count + len(newer):
            return None
        if any(event.get("event") == SessionStarted.type_name for event in newer):
            return None
        # As a freshly read tracker: the processor sets these again, and with them unset,
        # `update` leaves the newer events' metadata as stored.
        tracker.model_id = tracker.assistant_id = None
        for event in deserialise_events(newer):
            tracker.update(event)
        return tracker

    def _session_row_count(self, session: Any, sender_id: str) -> int:
        """`_event_query(...).count()` in one statement, without the ORM's per-query work."""
        count: int = session.execute(self._statements.session_row_count, {"sender": sender_id}).scalar()
        return count

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events after those this process read or saved. Rasa counts the session's rows
        again at every save instead: one more query per turn, and a conversation erased by
        someone else during the turn would count 0 and be written back whole."""
        stored = _stored_count(tracker)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def keys(self) -> Iterable[str]:
        with _loud("list", "*"):
            return await super().keys()

    async def save(self, tracker: DialogueStateTracker) -> None:
        with _loud("write", tracker.sender_id):
            await self._save(tracker)

    async def _save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        self.remembered.forget(tracker.sender_id)
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if erasure_confirmed(new_events):
                erase_conversation(session.connection(), tracker.sender_id)
                session.commit()
                _marked_as_stored(tracker)  # a later save of this tracker must not write it back
                logger.info("Erased a conversation at the patient's request.")
                return
            rows, as_read_back = [], True
            for event in new_events:
                data = masked_event_data(event)
                # Kept in memory only while it equals what a fresh read would give.
                as_read_back &= not isinstance(event, SessionStarted) and (
                    not isinstance(event, (UserUttered, SlotSet)) or data == event.as_dict()
                )
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            # Core inserts, not ORM objects (the unit of work was half of a save); the last row
            # alone, so that its id comes back for the remembered tracker.
            last_row = None
            if rows:
                if len(rows) > 1:
                    session.execute(self._statements.insert, rows[:-1])
                inserted = session.execute(self._statements.insert, rows[-1])
                last_row = (inserted.inserted_primary_key[0], rows[-1]["data"])
            session.commit()
        _marked_as_stored(tracker)
        if last_row is not None and as_read_back:
            self.remembered.keep(tracker, *last_row)


def _in_latest_session(table: sa.Table, sender: Any) -> Any:
    """Rasa's session filter: the sender's events from its latest session start on, or all of
    them when there is none. The start is an uncorrelated scalar subquery, which the database
    runs once. Rasa joins it as a derived table instead, and PostgreSQL without table
    statistics (a new or freshly restored table) re-ran it for every event row: 17 ms at 427
    events, growing with the square of the session."""
    session_start = (
        sa.select(sa.func.max(table.c.timestamp))
        .where(table.c.sender_id == sender, table.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    return sa.or_(table.c.timestamp >= session_start, session_start.is_(None))


class _HotStatements:
    """The statements every turn runs, built once: SQLAlchemy then reuses their compiled form."""

    def __init__(self, table: sa.Table) -> None:
        sender = sa.bindparam("sender")
        self.session_row_count = (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.sender_id == sender, _in_latest_session(table, sender))
        )
        self.rows_from = (
            sa.select(table.c.id, table.c.data)
            .where(table.c.sender_id == sender, table.c.id >= sa.bindparam("first_id"))
            .order_by(table.c.id)
        )
        self.insert = table.insert()


_STORED = "_isobot_stored"


def _marked_as_stored(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """Note on the tracker which of its events are in the database: all of them, now."""
    events = tracker.events
    tracker.__dict__[_STORED] = (id(events), len(events), events[-1] if events else None)
    return tracker


def _stored_count(tracker: DialogueStateTracker) -> int | None:
    """How many of the tracker's events are stored, if it still holds the very events marked
    (Rasa only appends to them, or replaces the whole deque); None if unknown."""
    mark = tracker.__dict__.get(_STORED)
    if mark is None:
        return None
    count: int
    events_id, count, last = mark
    events = tracker.events
    if id(events) != events_id or len(events) < count or (count and events[count - 1] is not last):
        return None
    return count


@contextmanager
def _loud(operation: str, sender_id: str) -> Iterator[None]:
    """Turn a database error into one logged line and TrackerStoreUnavailable."""
    try:
        yield
    except sa.exc.SQLAlchemyError as error:
        # The hashed id, as in the staff log: a sender id can be a phone number (Twilio).
        logger.error(
            "Tracker store unavailable: could not %s conversation %s (%s: %s)",
            operation,
            hash_conversation_id(sender_id),
            type(error).__name__,
            str(error).splitlines()[0][:200],
        )
        raise TrackerStoreUnavailable(f"could not {operation} the conversation") from error
