"""Escalation and feedback records for staff review, in the tracker database (own tables).

The engine is created on first use, never at import. DB_URL selects the database; the default
is the same SQLite file the tracker store uses (var/rasa.db).
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timezone
from functools import lru_cache

import sqlalchemy as sa

from isobot import settings
from isobot.staff.privacy import hash_conversation_id, mask_identifiers
from isobot.stores.sqlite_engine import create_sqlite_file_engine, is_sqlite_file

metadata = sa.MetaData()

escalations = sa.Table(
    "isobot_escalations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("conversation", sa.String(64), nullable=False, index=True),
    sa.Column("tier", sa.String(16), nullable=False),
    sa.Column("escalation", sa.String(64)),
    sa.Column("flags", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("notified", sa.Boolean, nullable=False, default=False),
)

feedback = sa.Table(
    "isobot_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("conversation", sa.String(64), nullable=False, index=True),
    sa.Column("answer_id", sa.String(64)),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("comment", sa.Text),
)


# Enough of a message for staff to review; a pasted 20,000-character message is not kept whole.
MAX_STORED_MESSAGE_CHARS = 1000


def database_url() -> str:
    return os.environ.get("DB_URL") or f"sqlite:///{settings.DATA_DIR / 'rasa.db'}"


# The action server's escalation watcher thread and its request handlers may both create the
# engine first: one at a time, or both would try to create the tables.
_creating = threading.Lock()


def engine(url: str | None = None) -> sa.engine.Engine:
    """One engine per database URL, created on first use (DB_URL is read each call)."""
    with _creating:
        return _engine(url or database_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> sa.engine.Engine:
    if url.startswith("sqlite:///"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    parsed = sa.engine.make_url(url)
    if is_sqlite_file(parsed):
        # The tracker store's settings (WAL...): the watcher writes while Rasa reads and writes
        # the same file, and a connection switching the file to WAL needs it to itself.
        created = create_sqlite_file_engine(parsed, future=True, pool_pre_ping=True)
    else:
        created = sa.create_engine(url, future=True, pool_pre_ping=True)
    try:
        metadata.create_all(created)
    except sa.exc.OperationalError:  # another process (a second worker) created them meanwhile
        metadata.create_all(created)
    return created


def record_escalation(
    sender_id: str,
    tier: str,
    escalation: str | None,
    flags: list[str],
    message: str,
    notified: bool,
    url: str | None = None,
    connection: sa.engine.Connection | None = None,
) -> int:
    """Insert one escalation row and return its id; inside the caller's transaction when given
    one (the escalation watcher commits the row with its exactly-once key)."""
    values = dict(
        created_at=datetime.now(timezone.utc),
        conversation=hash_conversation_id(sender_id),
        tier=tier,
        escalation=escalation,
        flags=json.dumps(flags),
        message=mask_identifiers(message)[:MAX_STORED_MESSAGE_CHARS],
        notified=notified,
    )
    row_id: int
    if connection is not None:
        row_id = connection.execute(escalations.insert().values(**values)).inserted_primary_key[0]
        return row_id
    with engine(url).begin() as own:
        row_id = own.execute(escalations.insert().values(**values)).inserted_primary_key[0]
    return row_id


def mark_notified(row_id: int, url: str | None = None) -> None:
    with engine(url).begin() as connection:
        connection.execute(escalations.update().where(escalations.c.id == row_id).values(notified=True))


def record_feedback(
    sender_id: str, answer_id: str | None, helpful: bool, comment: str | None = None, url: str | None = None
) -> None:
    with engine(url).begin() as connection:
        connection.execute(
            feedback.insert().values(
                created_at=datetime.now(timezone.utc),
                conversation=hash_conversation_id(sender_id),
                answer_id=answer_id,
                helpful=helpful,
                comment=mask_identifiers(comment) if comment else None,
            )
        )
