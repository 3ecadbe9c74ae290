"""The escalation log, written after the reply from the stored conversation (isobot.staff.escalation_watch).

Rows are written by the project's real tracker store to a real SQLite file, as the Rasa server
writes them; staff notifications go to a real HTTP receiver.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from isobot.staff import escalation_watch
from isobot.staff import log as staff_log
from isobot.staff.escalation_watch import EscalationWatch
from isobot.staff.privacy import hash_conversation_id
from isobot.stores.tracker_store import ERASURE_CONFIRMED_ACTION, GuardedSQLTrackerStore
from tests.receiver import Receiver

SAFETY = {
    "tier": "emergency",
    "flags": [{"flag": "saddle_numbness", "tier": "emergency", "context": "personal", "escalation": "cauda_equina"}],
}


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'rasa.db'}"
    monkeypatch.setenv("DB_URL", url)
    monkeypatch.delenv("STAFF_WEBHOOK_URL", raising=False)
    return url


@pytest.fixture
def store(url):
    return GuardedSQLTrackerStore(domain=Domain.empty(), host=url)


CAUDA_EQUINA_SLOT = (SlotSet("escalation", "cauda_equina"),)


def escalation_turn(
    store, sender, text="my bum is numb, ring 07700 900123", tier="emergency", safety=SAFETY, between=CAUDA_EQUINA_SLOT
):
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, [])
    parse_data = {"text": text, "intent": {"name": f"report_{tier}_symptom", "confidence": 1.0}, "safety": safety}
    for event in (
        ActionExecuted("action_listen"),
        UserUttered(text, parse_data=parse_data),
        *between,
        ActionExecuted(f"utter_escalate_{tier}"),
        BotUttered("**Call 911 now.**", metadata={"utter_action": f"utter_escalate_{tier}"}),
    ):
        tracker.update(event)
    asyncio.run(store.save(tracker))


def rows(url, sender=None):
    query = sa.select(staff_log.escalations).order_by(staff_log.escalations.c.id)
    if sender:
        query = query.where(staff_log.escalations.c.conversation == hash_conversation_id(sender))
    with staff_log.engine(url).connect() as connection:
        return connection.execute(query).all()


def test_an_escalation_is_logged_masked_with_its_flags(store, url):
    escalation_turn(store, "p1")
    [logged] = EscalationWatch(url).scan()
    [row] = rows(url)
    assert (row.tier, row.escalation, row.flags) == ("emergency", "cauda_equina", '["saddle_numbness"]')
    assert "07700" not in row.message and "[phone]" in row.message
    assert row.conversation == hash_conversation_id("p1") and logged.tier == "emergency"


def test_a_yes_in_the_guided_check_is_logged_with_its_question(store, url):
    # A typed "yes": action_screening_outcome sets the escalation and sends the response itself.
    escalation_turn(
        store,
        "p10",
        text="yes",
        safety={"tier": "none", "flags": []},
        between=(
            ActionExecuted("screening_form"),
            SlotSet("screen_leg_weakness", True),
            ActionExecuted("action_screening_outcome"),
            SlotSet("escalation", "bilateral_leg_weakness"),
        ),
    )
    EscalationWatch(url).scan()
    [row] = rows(url)
    assert (row.tier, row.escalation, row.flags) == (
        "emergency",
        "bilateral_leg_weakness",
        '["screening:screen_leg_weakness"]',
    )


def test_each_escalation_is_logged_exactly_once_by_any_number_of_watchers(store, url):
    escalation_turn(store, "p2")
    escalation_turn(store, "p2", tier="urgent")
    first, second = EscalationWatch(url), EscalationWatch(url)
    assert len(first.scan()) == 2
    assert second.scan() == [] and first.scan() == []
    assert [row.tier for row in rows(url, "p2")] == ["emergency", "urgent"]


def test_escalations_made_while_the_watcher_was_down_are_logged_when_it_returns(store, url):
    watch = EscalationWatch(url)
    escalation_turn(store, "before")
    watch.scan()
    # The watcher is gone (its action server dead or frozen) while three escalations happen.
    for sender in ("down-1", "down-2", "down-3"):
        escalation_turn(store, sender)
    returned = EscalationWatch(url)  # a new process: only the stored progress remains
    assert sorted(e.sender_id for e in returned.scan()) == ["down-1", "down-2", "down-3"]
    assert len(rows(url)) == 4


def test_red_flag_information_and_staff_tests_are_not_logged(store, url):
    escalation_turn(store, "p3", tier="info")
    escalation_turn(store, "staff:abc")
    assert EscalationWatch(url).scan() == [] and rows(url) == []


def test_a_sender_name_a_client_chose_is_a_patient_and_logged(store, url):
    escalation_turn(store, "rest:staff-explain-abc")
    EscalationWatch(url).scan()
    assert len(rows(url)) == 1


def test_staff_are_notified_after_the_row_is_written(store, url, monkeypatch):
    receiver = Receiver()
    monkeypatch.setenv("STAFF_WEBHOOK_URL", receiver.url)
    try:
        escalation_turn(store, "p4")
        EscalationWatch(url).scan()
    finally:
        receiver.close()
    [summary] = [r["json"] for r in receiver.received]
    assert summary["flags"] == ["saddle_numbness"] and summary["conversation"] == hash_conversation_id("p4")
    assert "07700" not in str(summary)
    [row] = rows(url)
    assert row.notified


def test_a_failing_webhook_leaves_the_row_unnotified_and_is_logged(store, url, monkeypatch, caplog):
    receiver = Receiver(status=500)
    monkeypatch.setenv("STAFF_WEBHOOK_URL", receiver.url)
    try:
        escalation_turn(store, "p5")
        with caplog.at_level(logging.ERROR):
            EscalationWatch(url).scan()
    finally:
        receiver.close()
    [row] = rows(url)
    assert not row.notified and "Staff notification failed" in caplog.text


def test_a_conversation_erased_after_its_escalation_leaves_no_row(store, url):
    watch = EscalationWatch(url)
    escalation_turn(store, "p6")
    tracker = asyncio.run(store.retrieve("p6"))
    tracker.update(ActionExecuted(ERASURE_CONFIRMED_ACTION))
    asyncio.run(store.save(tracker))  # "forget me" before the watcher ran
    assert watch.scan() == [] and rows(url) == []


def test_a_reused_row_id_after_forget_me_is_still_logged(store, url):
    """SQLite gives the ids of deleted newest rows to the next rows: scans go by timestamp."""
    watch = EscalationWatch(url)
    escalation_turn(store, "p7")
    watch.scan()
    tracker = asyncio.run(store.retrieve("p7"))
    tracker.update(ActionExecuted(ERASURE_CONFIRMED_ACTION))
    asyncio.run(store.save(tracker))
    escalation_turn(store, "p8")
    assert [e.sender_id for e in watch.scan()] == ["p8"]


def test_the_background_watcher_logs_soon_after_the_reply(store, url):
    escalation_turn(store, "p0")  # the database exists (in WAL mode) before the watcher starts, as in use
    stop = escalation_watch.start_in_background(url)
    try:
        escalation_turn(store, "p9")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not rows(url, "p9"):
            time.sleep(0.05)
        assert rows(url, "p9")
    finally:
        stop.set()
