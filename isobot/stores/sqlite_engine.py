"""SQLAlchemy engine options for a SQLite database file: pooled connections, WAL, no fsync per commit.

Measured with `python -m bench.profile_turn`: SQLAlchemy 1.4 opens a new SQLite connection for
every session and every commit waits for an fsync, most of a turn's tracker save (and far more
when the disk is busy). Kept-open connections with WAL and synchronous=NORMAL sync at
checkpoints instead: a power cut may lose the last turns, never corrupt the file. WAL on its
own does not help: closing the last connection checkpoints, which SQLAlchemy 1.4 does per session.

A kept-open connection would go on using a database file that was moved or deleted, silently
writing to nothing. So each checkout compares the file at the path with the one the connection
opened; when they differ the connection is dropped and a new one opened, which fails loudly
if the database is gone.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

INODE_KEY = "isobot_sqlite_inode"


def is_sqlite_file(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def create_sqlite_file_engine(url: URL, **kwargs: Any) -> Engine:
    path = url.database
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}, **kwargs)

    def _inode() -> int | None:
        try:
            return os.stat(path).st_ino
        except OSError:
            return None

    @sa.event.listens_for(engine, "connect")  # type: ignore[untyped-decorator]  # sqlalchemy 1.4 is untyped
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # "Forget me" and purges overwrite what they delete instead of leaving it in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        record.info[INODE_KEY] = _inode()

    @sa.event.listens_for(engine, "checkout")  # type: ignore[untyped-decorator]  # sqlalchemy 1.4 is untyped
    def _on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if _inode() != record.info.get(INODE_KEY):
            raise sa.exc.DisconnectionError("the SQLite database file was moved or replaced")

    return engine
