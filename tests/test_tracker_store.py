"""The guarded tracker store on a real SQLite file: masking, erasure, loud failures."""

from __future__ import annotations

import asyncio
import json

import pytest
import sqlalchemy as sa
from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from isobot import settings
from isobot.content.yaml_file import read_mapping
from isobot.staff import log as staff_log
from isobot.staff import retention as purge
from isobot.staff.privacy import hash_conversation_id
from isobot.stores.tracker_store import ERASURE_CONFIRMED_ACTION, GuardedSQLTrackerStore, TrackerStoreUnavailable


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
        return [
            json.loads(row.data)
            for row in connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            )
        ]


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
            hash_conversation_id("p4")
        ]


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


# Remembered trackers: a second store on the same database stands for another Rasa process.


def as_read(tracker):
    return [event.as_dict() for event in tracker.events]


def fresh_read(db, sender):
    return asyncio.run(GuardedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{db}").retrieve(sender))


def turn(text):
    return ActionExecuted("action_listen"), said(text), ActionExecuted("utter_answer"), BotUttered(text.upper())


def test_the_next_turn_gets_the_saved_tracker_back_identical_to_a_fresh_read(store, db):
    save(store, "r1", *turn("why does my back hurt"))
    first = asyncio.run(store.retrieve("r1"))
    for event in turn("how common is it"):
        first.update(event)
    asyncio.run(store.save(first))

    second = asyncio.run(store.retrieve("r1"))
    assert second is first  # no re-read, no replay
    assert as_read(second) == as_read(fresh_read(db, "r1"))
    assert second.latest_message.text == "how common is it"


def test_turns_saved_by_another_process_are_added_to_the_remembered_tracker(store, db):
    save(store, "r2", *turn("why does my back hurt"))
    save(store, "r2", *turn("how common is it"))
    other = GuardedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{db}")
    save(other, "r2", *turn("what helps"))

    tracker = asyncio.run(store.retrieve("r2"))
    assert tracker.latest_message.text == "what helps"
    assert as_read(tracker) == as_read(fresh_read(db, "r2"))
    save(store, "r2", *turn("thanks"))
    assert [row["text"] for row in stored_rows(db, "r2") if row["event"] == "user"] == [
        "why does my back hurt",
        "how common is it",
        "what helps",
        "thanks",
    ]  # each once, in order


def test_a_conversation_erased_elsewhere_is_not_brought_back_from_memory(store, db):
    save(store, "r3", *turn("my legs are weak"))
    save(store, "r3", *turn("and numb"))
    with sa.create_engine(f"sqlite:///{db}").begin() as connection:
        purge.erase_conversation(connection, "r3")  # a retention purge, or "forget me" on another process

    assert asyncio.run(store.retrieve("r3")) is None
    save(store, "r3", *turn("hello again"))
    assert [row.get("text") for row in stored_rows(db, "r3") if row["event"] == "user"] == ["hello again"]


def test_rows_replaced_under_the_same_ids_are_read_afresh(store, db):
    save(store, "r4", *turn("first"))
    save(store, "r4", *turn("second"))
    with sa.create_engine(f"sqlite:///{db}").begin() as connection:
        ids = [row.id for row in connection.execute(sa.text("SELECT id FROM events WHERE sender_id = 'r4'"))]
        connection.execute(sa.text("DELETE FROM events WHERE sender_id = 'r4'"))
        for row_id, event in zip(ids, [e for _ in range(2) for e in turn("someone else")]):
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, sender_id, type_name, timestamp, data) VALUES (:id, 'r4', :t, :ts, :d)"
                ),
                {"id": row_id, "t": event.type_name, "ts": event.timestamp, "d": json.dumps(event.as_dict())},
            )

    tracker = asyncio.run(store.retrieve("r4"))
    assert tracker.latest_message.text == "someone else"
    assert as_read(tracker) == as_read(fresh_read(db, "r4"))


def test_a_new_session_started_elsewhere_is_read_afresh(store, db):
    save(store, "r5", *turn("old session"))
    save(store, "r5", *turn("still old"))
    other = GuardedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{db}")
    save(other, "r5", ActionExecuted("action_session_start"), SessionStarted(), *turn("new session"))

    tracker = asyncio.run(store.retrieve("r5"))
    assert as_read(tracker) == as_read(fresh_read(db, "r5"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["new session"]


def test_a_turn_whose_stored_words_were_masked_is_read_back_masked(store, db):
    save(store, "r6", *turn("hello"))
    save(store, "r6", *turn("mail me at jane.doe@example.com"))
    tracker = asyncio.run(store.retrieve("r6"))
    assert tracker.latest_message.text == "mail me at [email]"  # as any process would read it


def test_with_remembering_off_every_turn_reads_the_database(db, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    store = GuardedSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{db}")
    save(store, "r7", *turn("hello"))
    save(store, "r7", *turn("again"))
    first = asyncio.run(store.retrieve("r7"))
    assert asyncio.run(store.retrieve("r7")) is not first


def test_the_session_query_selects_the_rows_rasas_own_query_does(store, db):
    from rasa.core.tracker_store import SQLTrackerStore

    save(store, "s1", *turn("no session yet"))
    save(store, "s2", ActionExecuted("action_session_start"), SessionStarted(), *turn("first session"))
    save(store, "s2", *turn("still first"))
    save(store, "s2", ActionExecuted("action_session_start"), SessionStarted(), *turn("second session"))
    with store.session_scope() as session:
        for sender in ("s1", "s2", "nobody"):
            for all_sessions in (False, True):
                ours = [row.id for row in store._event_query(session, sender, all_sessions)]
                rasas = [row.id for row in SQLTrackerStore._event_query(store, session, sender, all_sessions)]
                assert ours == rasas
                assert ours or sender == "nobody"
            rasas_count = SQLTrackerStore._event_query(store, session, sender, False).count()
            assert store._session_row_count(session, sender) == rasas_count


def test_a_conversation_erased_during_a_turn_is_not_written_back_by_that_turn(store, db):
    save(store, "e1", *turn("my name is Jane"))
    tracker = asyncio.run(store.retrieve("e1"))
    with sa.create_engine(f"sqlite:///{db}").begin() as connection:
        purge.erase_conversation(connection, "e1")  # "forget me" from another process, mid-turn
    for event in turn("what helps"):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    texts = [row.get("text") for row in stored_rows(db, "e1") if row["event"] == "user"]
    assert texts == ["what helps"]  # Rasa's own save counted 0 stored rows and wrote back all


def test_saving_the_same_tracker_twice_stores_each_event_once(store, db):
    save(store, "e2", *turn("hello"))
    tracker = asyncio.run(store.retrieve("e2"))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    tracker.update(said("again"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))
    assert [row["event"] for row in stored_rows(db, "e2")] == ["action", "user", "action", "bot", "action", "user"]


def test_client_metadata_and_the_session_start_metadata_slot_are_stored_masked(store, db):
    metadata = {"email": "jane.doe@example.com", "contact": {"phone": "+44 7700 900123"}}
    save(
        store,
        "p-meta",
        SlotSet(SESSION_START_METADATA_SLOT, metadata),
        UserUttered(
            "hello", parse_data={"text": "hello", "intent": {"name": "greet", "confidence": 1.0}}, metadata=metadata
        ),
    )
    stored = json.dumps(stored_rows(db, "p-meta"))
    assert "jane.doe" not in stored and "7700" not in stored
    slot = [row for row in stored_rows(db, "p-meta") if row["event"] == "slot"][0]
    assert slot["value"] == {"email": "[email]", "contact": {"phone": "[phone]"}}
    user = [row for row in stored_rows(db, "p-meta") if row["event"] == "user"][0]
    assert user["metadata"] == {"email": "[email]", "contact": {"phone": "[phone]"}}
