"""Retention: what `make purge DAYS=30` deletes (older than N days), and "forget me".

- conversations whose LAST event is older than the cutoff, whole (Rasa's `events` table), so a
  conversation still going on is never cut in half;
- escalation-log and feedback rows created before the cutoff.
Works on the same database as everything else (DB_URL): SQLite by default, PostgreSQL scaled.
Cron, nightly at 03:00:  0 3 * * *  cd /path/to/repo && make purge DAYS=30
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from isobot.channels.conversation_ids import legacy_id
from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id

EVENTS_TABLE = "events"  # Rasa's SQLTrackerStore table


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    escalations: int
    feedback: int


def purge(days: float, url: str | None = None, now: float | None = None) -> Purged:
    if days < 0:
        raise ValueError("days must be zero or more")
    now = time.time() if now is None else now
    cutoff = now - days * 86400
    cutoff_dt = datetime.fromtimestamp(now, timezone.utc) - timedelta(days=days)
    engine = staff_log.engine(url)
    with engine.begin() as connection:
        conversations = events = 0
        if sa.inspect(connection).has_table(EVENTS_TABLE):
            table = sa.Table(EVENTS_TABLE, sa.MetaData(), autoload_with=connection)
            stale = (
                sa.select(table.c.sender_id).group_by(table.c.sender_id).having(sa.func.max(table.c.timestamp) < cutoff)
            )
            senders = [row.sender_id for row in connection.execute(stale)]
            conversations = len(senders)
            if senders:
                events = connection.execute(table.delete().where(table.c.sender_id.in_(senders))).rowcount
        escalations = connection.execute(
            staff_log.escalations.delete().where(staff_log.escalations.c.created_at < cutoff_dt)
        ).rowcount
        feedback = connection.execute(
            staff_log.feedback.delete().where(staff_log.feedback.c.created_at < cutoff_dt)
        ).rowcount
    return Purged(conversations, events, escalations, feedback)


def erase_conversation(connection: sa.engine.Connection, sender_id: str) -> Purged:
    """Delete one conversation everywhere it is stored, inside the caller's transaction
    ("forget me": the tracker store calls this when the patient confirms).

    A Telegram, Slack, Messenger or Twilio conversation's events stored under its bare id,
    before ids were namespaced, are deleted too (isobot/channels/conversation_ids.legacy_id)."""
    events = 0
    if sa.inspect(connection).has_table(EVENTS_TABLE):
        table = sa.Table(EVENTS_TABLE, sa.MetaData(), autoload_with=connection)
        ids = [sender_id] + [old for old in [legacy_id(sender_id)] if old]
        events = connection.execute(table.delete().where(table.c.sender_id.in_(ids))).rowcount
    conversation = hash_conversation_id(sender_id)
    staff_rows = []
    for staff_table in (staff_log.escalations, staff_log.feedback):
        deleted = 0
        if sa.inspect(connection).has_table(staff_table.name):
            deleted = connection.execute(
                staff_table.delete().where(staff_table.c.conversation == conversation)
            ).rowcount
        staff_rows.append(deleted)
    return Purged(int(events > 0), events, *staff_rows)
