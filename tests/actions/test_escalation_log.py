import asyncio
import logging

import pytest
import sqlalchemy as sa
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation import ActionLogEscalation
from isobot import staff_log
from tests.actions.trackers import make_tracker
from tests.receiver import Receiver

SAFETY = {"tier": "emergency", "flags": [{"flag": "saddle_numbness", "tier": "emergency", "context": "personal",
                                           "escalation": "cauda_equina"}]}


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'staff.db'}"
    monkeypatch.setenv("DB_URL", url)
    return staff_log.engine(url)


def run(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionLogEscalation().run(dispatcher, tracker, {}))
    return dispatcher, events


def rows(db):
    with db.connect() as connection:
        return connection.execute(sa.select(staff_log.escalations)).all()


def test_staff_are_notified_and_the_row_says_so(db, monkeypatch):
    receiver = Receiver()
    monkeypatch.setenv("STAFF_WEBHOOK_URL", receiver.url)
    try:
        dispatcher, _ = run(make_tracker("report_emergency_symptom", safety=SAFETY,
                                         slots={"escalation": "cauda_equina"}, text="numb bum, ring 07700900123"))
    finally:
        receiver.close()
    assert dispatcher.messages == []  # the patient already has the escalation; this action adds nothing
    assert receiver.received[0]["json"]["flags"] == ["saddle_numbness"]
    [row] = rows(db)
    assert row.notified and row.escalation == "cauda_equina" and "07700900123" not in row.message


def test_a_failing_webhook_is_logged_and_recorded_not_raised(db, monkeypatch, caplog):
    receiver = Receiver(status=500)
    monkeypatch.setenv("STAFF_WEBHOOK_URL", receiver.url)
    try:
        with caplog.at_level(logging.ERROR):
            run(make_tracker("report_emergency_symptom", safety=SAFETY, slots={"escalation": "cauda_equina"}))
    finally:
        receiver.close()
    [row] = rows(db)
    assert not row.notified
    assert "Staff notification failed" in caplog.text


def test_a_broken_database_does_not_break_the_conversation(monkeypatch, caplog):
    monkeypatch.setenv("DB_URL", "sqlite:////nonexistent-dir/forbidden.db")
    monkeypatch.delenv("STAFF_WEBHOOK_URL", raising=False)
    with caplog.at_level(logging.ERROR):
        _, events = run(make_tracker("report_emergency_symptom", safety=SAFETY))
    assert events == []
    assert "Could not record escalation" in caplog.text
