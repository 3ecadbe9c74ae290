"""`make purge`: backdated conversations and staff rows go, recent ones stay whole."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from isobot.settings import ROOT
from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id
from isobot.staff.retention import erase_conversation, purge

DAY = 86400


def save_conversation(store, sender: str, *message_times: float) -> None:
    events = []
    for i, at in enumerate(message_times):
        events += [ActionExecuted("action_listen", timestamp=at), UserUttered(f"msg {i}", timestamp=at)]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def test_purge_removes_only_what_is_older_than_the_cutoff(tmp_path):
    db = tmp_path / "rasa.db"
    url = f"sqlite:///{db}"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    save_conversation(store, "old-patient", now - 45 * DAY, now - 45 * DAY + 60)
    save_conversation(store, "recent-patient", now - 2 * DAY)
    save_conversation(store, "long-running", now - 40 * DAY, now - 1 * DAY)  # still going: must stay whole
    staff_log.record_escalation("old-patient", "emergency", "cauda_equina", [], "x", False, url=url)
    staff_log.record_feedback("recent-patient", "risk_factors", True, url=url)
    with staff_log.engine(url).begin() as connection:
        connection.execute(
            staff_log.escalations.update().values(created_at=datetime.now(timezone.utc) - timedelta(days=45))
        )

    result = purge(30, url=url, now=now)

    assert (result.conversations, result.escalations, result.feedback) == (1, 1, 0)
    assert asyncio.run(store.retrieve("old-patient")) is None
    assert [
        e.text for e in asyncio.run(store.retrieve_full_tracker("long-running")).events if isinstance(e, UserUttered)
    ] == ["msg 0", "msg 1"]
    assert asyncio.run(store.retrieve("recent-patient")) is not None
    with staff_log.engine(url).connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(staff_log.feedback)).scalar() == 1
        assert connection.execute(sa.select(sa.func.count()).select_from(staff_log.escalations)).scalar() == 0


def test_make_forget_erases_one_conversation_everywhere(tmp_path):
    db = tmp_path / "rasa.db"
    url = f"sqlite:///{db}"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    save_conversation(store, "twilio:+447700900123", now)
    save_conversation(store, "rest:+447700900123", now)  # the same id on another channel is someone else
    staff_log.record_feedback("twilio:+447700900123", "risk_factors", True, url=url)

    done = subprocess.run(
        ["make", "-s", "forget", "SENDER=twilio:+447700900123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DB_URL": url},
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "Erased 2 events" in done.stdout and "1 feedback rows" in done.stdout
    with staff_log.engine(url).connect() as connection:
        senders = {row.sender_id for row in connection.execute(sa.text("SELECT sender_id FROM events"))}
        feedback = connection.execute(sa.select(staff_log.feedback.c.conversation)).all()
    assert senders == {"rest:+447700900123"}
    assert hash_conversation_id("twilio:+447700900123") not in [row.conversation for row in feedback]


def test_make_forget_refuses_an_id_without_its_channel_rather_than_erase_nothing(tmp_path):
    done = subprocess.run(
        ["make", "-s", "forget", "SENDER=+447700900123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DB_URL": f"sqlite:///{tmp_path / 'rasa.db'}"},
        timeout=120,
    )
    assert done.returncode != 0
    assert "<channel>:<id>" in done.stderr and "twilio" in done.stderr


def test_forgetting_a_platform_conversation_also_erases_its_rows_from_before_ids_had_channels(tmp_path):
    db = tmp_path / "rasa.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    for sender in ("twilio:+447700900123", "+447700900123", "rest:u1", "u1"):
        save_conversation(store, sender, now)
    with staff_log.engine(f"sqlite:///{db}").begin() as connection:
        erase_conversation(connection, "twilio:+447700900123")
        # A bare REST id may have been anyone's: forgetting rest:u1 leaves the old "u1" alone.
        erase_conversation(connection, "rest:u1")
        senders = {row.sender_id for row in connection.execute(sa.text("SELECT sender_id FROM events"))}
    assert senders == {"u1"}
