"""The guarded tracker store on a real SQLite file: masking, erasure, loud failures."""
from __future__ import annotations

import asyncio
import json

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from isobot import staff_log
from isobot.privacy import hash_conversation_id
from isobot.tracker_store import ERASURE_CONFIRMED_ACTION, GuardedSQLTrackerStore, TrackerStoreUnavailable
from isobot.yaml_file import read_mapping
from isobot import settings


@pytest.fixture
def db(tmp_path):
    return tmp_path / "rasa.db"


@pytest.fixture
def store(db):
    return GuardedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{db}")


def save(store, sender, *events):
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, [])
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def stored_rows(db, sender):
    with sa.create_engine(f"sqlite:///{db}").connect() as connection:
        return [json.loads(row.data) for row in connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})]


def said(text):
    return UserUttered(text, parse_data={"text": text, "intent": {"name": "ask_causes", "confidence": 1.0}})


def test_emails_and_phone_numbers_are_masked_in_stored_events(store, db):
    save(store, "p1", said("I'm jane.doe@example.com, call +44 7700 900123 about my back"))
    stored = json.dumps(stored_rows(db, "p1"))
    assert "jane.doe" not in stored and "7700" not in stored
    user = [row for row in stored_rows(db, "p1") if row["event"] == "user"][0]
    assert user["text"] == "I'm [email], call [phone] about my back"
    assert user["parse_data"]["text"] == user["text"]


def test_a_turn_is_appended_once_and_read_back_in_order(store, db):
    save(store, "p2", said("why does my back hurt"), BotUttered("Because..."))
    save(store, "p2", ActionExecuted("action_listen"), said("tell me more"))
    events = [row["event"] for row in stored_rows(db, "p2")]
    assert events == ["user", "bot", "action", "user"]
    tracker = asyncio.run(store.retrieve("p2"))
    assert tracker.latest_message.text == "tell me more"


def test_confirmed_erasure_deletes_the_conversation_and_its_staff_rows(store, db):
    url = f"sqlite:///{db}"
    save(store, "p3", said("my legs are weak"), BotUttered("Call 911"))
    save(store, "p4", said("someone else's conversation"))
    staff_log.record_escalation("p3", "emergency", "cauda_equina", ["leg_weakness"], "my legs are weak", True, url=url)
    staff_log.record_feedback("p3", "causes_overview", True, url=url)
    staff_log.record_feedback("p4", "causes_overview", False, url=url)

    save(store, "p3", said("delete my data"), ActionExecuted(ERASURE_CONFIRMED_ACTION))

    assert stored_rows(db, "p3") == []
    assert asyncio.run(store.retrieve("p3")) is None
    assert len(stored_rows(db, "p4")) == 1
    with staff_log.engine(url).connect() as connection:
        for table in (staff_log.escalations, staff_log.feedback):
            owners = [row.conversation for row in connection.execute(sa.select(table))]
            assert hash_conversation_id("p3") not in owners
        assert [row.conversation for row in connection.execute(sa.select(staff_log.feedback))] == [
            hash_conversation_id("p4")]


def test_the_erasure_marker_is_a_response_in_the_domain():
    responses = read_mapping(settings.ROOT / "domain.yml", expected_version="3.1")["responses"]
    assert ERASURE_CONFIRMED_ACTION in responses


def test_a_database_failure_is_raised_and_logged_not_hidden(store, db, caplog):
    save(store, "p5", said("hello"))
    db.rename(db.with_suffix(".away"))
    db.mkdir()  # a directory where the database file was: SQLite cannot open it
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.retrieve("p5"))
    with pytest.raises(TrackerStoreUnavailable):
        save(store, "p6", said("hello"))
    assert "Tracker store unavailable" in caplog.text and "p5" not in caplog.text

    db.rmdir()
    db.with_suffix(".away").rename(db)
    assert asyncio.run(store.retrieve("p5")).latest_message.text == "hello"
