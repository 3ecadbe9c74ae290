"""The escalation log and the staff notification, made from the stored conversation after the
patient has the reply.

Why not an action in the escalation turn: Rasa sends the REST reply only when the whole turn
is done, so a logging action made every escalation wait for the action server (3 s, the action
timeout, when it hung). Now no custom action runs in an escalation turn. This watcher reads
Rasa's `events` table, finds every escalation response (`utter_escalate_emergency`, `_urgent`,
`_soon`, whichever way it was sent: a rule, or the guided check's FollowupAction), writes it to
the staff log (`isobot_escalations`) and then notifies staff (STAFF_WEBHOOK_URL).

- **Exactly once.** Each escalation event has a key (a hash of the conversation id, the event's
  timestamp and the response; it cannot be linked to the staff tables' conversation hash),
  inserted into `isobot_escalation_seen` in the same transaction as the staff-log row. A second
  watcher (another action-server worker or replica) or a re-read hits the key and skips.
- **Nothing lost.** The watcher's progress (`isobot_escalation_watch.since`) is stored, so what
  happened while it was down or hung is logged when it returns. Each scan re-reads the last
  LAG_SECONDS of events, because a turn's rows are written when the turn ends (after the
  events' timestamps) and PostgreSQL commits out of order; the keys make re-reading harmless.
  Scans select on the event timestamp (an index this module adds), not on row ids, which
  SQLite reuses after the newest rows are deleted ("forget me").
- **Staff notification after the log**: the row is committed with notified = false, then the
  webhook is called and the row updated. A webhook that fails leaves notified = false and an
  error in the action-server log (it is not retried: staff would get duplicates).

Hosted by the action server (rasa_sdk_plugins): a daemon thread per worker, so it is down
when the action server is, and catches up when it is back.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timezone
from typing import Any

import sqlalchemy as sa

from isobot.channels.conversation_ids import STAFF, channel_of
from isobot.content.catalogue import ESCALATION_RESPONSE_PREFIX
from isobot.nlu import message_keys as keys
from isobot.safety.tiers import ESCALATING_HIGHEST_FIRST
from isobot.staff import log as staff_log
from isobot.staff.notify import notify_staff
from isobot.staff.privacy import hash_conversation_id

logger = logging.getLogger(__name__)

EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table
# The tiers whose responses are escalations; utter_escalate_info (red-flag information for a
# question about someone else or a hypothetical) is not.
LOGGED_TIERS = ESCALATING_HIGHEST_FIRST
ESCALATION_ACTIONS = tuple(ESCALATION_RESPONSE_PREFIX + tier for tier in LOGGED_TIERS)
ESCALATION_SLOT = "escalation"
SCREENING_SLOT_PREFIX = "screen_"
LAG_SECONDS = 60.0
PERSIST_EVERY = 10.0
POLL_SECONDS = float(os.environ.get("ESCALATION_WATCH_POLL_SECONDS", "0.5"))
# How far back a turn's own events are searched for its message, flags and escalation slot.
TURN_LOOKBACK_ROWS = 60

watch_state = sa.Table(
    "isobot_escalation_watch",
    staff_log.metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("since", sa.Float, nullable=False),
)
seen = sa.Table(
    "isobot_escalation_seen",
    staff_log.metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("event_ts", sa.Float, nullable=False, index=True),
)
STATE_ROW = "escalations"


@dataclass(frozen=True)
class Escalation:
    row_id: int
    sender_id: str
    tier: str
    escalation: str | None
    flags: list[str]
    message: str


def event_key(sender_id: str, timestamp: float, action: str) -> str:
    return hashlib.sha256(f"escalation\0{sender_id}\0{timestamp!r}\0{action}".encode()).hexdigest()


def _events(connection: sa.engine.Connection) -> sa.Table | None:
    """Rasa's events table, reflected, with an index on the timestamp the scans select on."""
    if not sa.inspect(connection).has_table(EVENTS_TABLE):
        return None  # Rasa has not stored a conversation yet
    table = sa.Table(EVENTS_TABLE, sa.MetaData(), autoload_with=connection)
    if not any(index.name == "isobot_events_timestamp" for index in table.indexes):
        sa.Index("isobot_events_timestamp", table.c.timestamp).create(connection, checkfirst=True)
    return table


def _start_since(connection: sa.engine.Connection) -> float:
    """Where a watcher without stored progress starts: after the newest staff-log row (written
    by the logging action of earlier versions), or from the beginning on a new database."""
    newest = connection.execute(sa.select(sa.func.max(staff_log.escalations.c.created_at))).scalar()
    if newest is None:
        return 0.0
    if newest.tzinfo is None:  # SQLite returns naive datetimes; they were written in UTC
        newest = newest.replace(tzinfo=timezone.utc)
    stamp: float = newest.timestamp()
    return stamp


def _turn_details(
    connection: sa.engine.Connection, table: sa.Table, sender_id: str, row_id: int
) -> tuple[str | None, list[str], str]:
    """The escalation slot, the red flags and the patient's (masked) words of the turn that
    ended in the escalation at `row_id`, read back from the conversation's stored events."""
    rows = connection.execute(
        sa.select(table.c.type_name, table.c.data)
        .where(table.c.sender_id == sender_id, table.c.id < row_id)
        .order_by(table.c.id.desc())
        .limit(TURN_LOOKBACK_ROWS)
    ).all()
    escalation, screening_flags, flags, message, in_turn = None, [], [], "", True
    for type_name, data in rows:
        event = json.loads(data)
        if type_name == "slot":
            name, value = event.get("name") or "", event.get("value")
            if name == ESCALATION_SLOT and escalation is None and value:
                escalation = value
            elif in_turn and name.startswith(SCREENING_SLOT_PREFIX) and value is True:
                screening_flags.append(f"screening:{name}")
        elif type_name == "user" and in_turn:
            in_turn = False
            message = event.get("text") or ""
            safety = (event.get("parse_data") or {}).get(keys.SAFETY) or {}
            flags = [hit["flag"] for hit in safety.get("flags", []) if isinstance(hit, dict) and "flag" in hit]
        if not in_turn and escalation is not None:
            break
    return escalation, flags or list(reversed(screening_flags)), message


def _new_escalations(connection: sa.engine.Connection, table: sa.Table, since: float) -> Iterable[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = connection.execute(
        sa.select(table.c.id, table.c.sender_id, table.c.timestamp, table.c.action_name)
        .where(table.c.timestamp > since, table.c.action_name.in_(ESCALATION_ACTIONS))
        .order_by(table.c.id)
    ).all()
    return rows


class EscalationWatch:
    """One scan at a time: `scan()` logs what is new and returns it (tests call it directly)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url
        self.since: float | None = None
        self.events: sa.Table | None = None  # reflected once: every 0.5 s would cost CPU Rasa needs
        self.persisted: float | None = None

    def _events(self, connection: sa.engine.Connection) -> sa.Table | None:
        if self.events is None:
            self.events = _events(connection)
        return self.events

    def _load_since(self, connection: sa.engine.Connection) -> float:
        stored = connection.execute(sa.select(watch_state.c.since).where(watch_state.c.name == STATE_ROW)).scalar()
        if stored is not None:
            since_stored: float = stored
            return since_stored
        since = _start_since(connection)
        connection.execute(watch_state.insert().values(name=STATE_ROW, since=since))
        return since

    def scan(self, now: float | None = None) -> list[Escalation]:
        started = time.time() if now is None else now
        logged: list[Escalation] = []
        with staff_log.engine(self.url).begin() as connection:
            table = self._events(connection)
            if self.since is None:
                staff_log.metadata.create_all(connection, tables=[watch_state, seen])
                self.since = self._load_since(connection)
            if table is None:
                return logged
            candidates = _new_escalations(connection, table, self.since - LAG_SECONDS)
        for row_id, sender_id, timestamp, action in candidates:
            escalation = self._record(row_id, sender_id, timestamp, action)
            if escalation is not None:
                logged.append(escalation)
        self._advance(started - LAG_SECONDS)
        return logged

    def _record(self, row_id: int, sender_id: str, timestamp: float, action: str) -> Escalation | None:
        key = event_key(sender_id, timestamp, action)
        with staff_log.engine(self.url).begin() as connection:
            if connection.execute(sa.select(seen.c.key).where(seen.c.key == key)).first() is not None:
                return None
            try:
                connection.execute(seen.insert().values(key=key, event_ts=timestamp))
            except sa.exc.IntegrityError:  # another watcher took it between our check and insert
                return None
            # The staff console's "explain a reply" runs real conversations in the staff namespace,
            # which only a request carrying the API token reaches (isobot/channels/rest.py): staff
            # tests, not patients, so they are neither logged nor sent to staff. No sender name a
            # client chooses can put a patient there.
            if channel_of(sender_id) == STAFF:
                return None
            name, flags, message = _turn_details(connection, self._events(connection), sender_id, row_id)
            tier = action.removeprefix(ESCALATION_RESPONSE_PREFIX)
            row = staff_log.record_escalation(sender_id, tier, name, flags, message, False, connection=connection)
            escalation = Escalation(row, sender_id, tier, name, flags, message)
        self._notify(escalation)
        return escalation

    def _notify(self, escalation: Escalation) -> None:
        summary = {
            "tier": escalation.tier,
            "escalation": escalation.escalation,
            "flags": escalation.flags,
            "conversation": hash_conversation_id(escalation.sender_id),
        }
        if asyncio.run(notify_staff(summary)):
            staff_log.mark_notified(escalation.row_id, url=self.url)

    def _advance(self, since: float) -> None:
        """Note progress (everything created before `since` is logged). It is stored, and keys
        no scan will read again are forgotten, every PERSIST_EVERY seconds of progress, not at
        every scan: each is a write, and SQLite has one writer at a time, the Rasa server's
        turns included. Resuming from a slightly older point only re-reads logged events."""
        if self.since is not None and since <= self.since:
            return
        self.since = since
        if self.persisted is not None and since - self.persisted < PERSIST_EVERY:
            return
        self.persisted = since
        with staff_log.engine(self.url).begin() as connection:
            connection.execute(watch_state.update().where(watch_state.c.name == STATE_ROW).values(since=since))
            connection.execute(seen.delete().where(seen.c.event_ts < since - 2 * LAG_SECONDS))


def run_forever(stop: threading.Event, url: str | None = None) -> None:
    watch = EscalationWatch(url)
    failing = False
    while not stop.is_set():
        try:
            for escalation in watch.scan():
                logger.info(
                    "Logged a %s escalation for conversation %s.",
                    escalation.tier,
                    hash_conversation_id(escalation.sender_id),
                )
            if failing:
                logger.info("The escalation log is being written again.")
            failing = False
        except Exception:  # noqa: BLE001 - keep watching; the next scan retries from `since`
            if not failing:
                logger.exception("Could not read or write the escalation log; retrying every %.1f s.", POLL_SECONDS)
            failing = True
        stop.wait(POLL_SECONDS)


def start_in_background(url: str | None = None) -> threading.Event:
    """Start the watcher thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop, url), name="escalation-watch", daemon=True).start()
    return stop
