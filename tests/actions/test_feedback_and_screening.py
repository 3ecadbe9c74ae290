import asyncio

import pytest
import sqlalchemy as sa
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ActionRecordFeedback
from actions.screening import ActionScreeningOutcome, ValidateScreeningForm
from isobot.staff import log as staff_log
from tests.actions.trackers import make_tracker, responses


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'staff.db'}"
    monkeypatch.setenv("DB_URL", url)
    monkeypatch.delenv("STAFF_WEBHOOK_URL", raising=False)
    return staff_log.engine(url)


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher, events


@pytest.mark.parametrize(
    "intent, helpful, response",
    [
        ("feedback_helpful", True, "utter_feedback_thanks"),
        ("feedback_not_helpful", False, "utter_feedback_sorry"),
    ],
)
def test_feedback_is_recorded_against_the_answer_id(db, intent, helpful, response):
    dispatcher, events = run(ActionRecordFeedback(), make_tracker(intent, slots={"last_answer_id": "risk_factors"}))
    assert responses(dispatcher) == [response]
    assert SlotSet("feedback", {"answer_id": "risk_factors", "helpful": helpful}) in events
    with db.connect() as connection:
        rows = connection.execute(sa.select(staff_log.feedback)).all()
    assert [(r.answer_id, r.helpful) for r in rows] == [("risk_factors", helpful)]


def test_all_no_gives_the_self_care_answer(db, catalogue):
    slots = {"screen_saddle_bladder": False, "screen_leg_weakness": False, "screen_fever_injury": False}
    dispatcher, events = run(ActionScreeningOutcome(catalogue), make_tracker("deny", slots=slots))
    assert responses(dispatcher) == ["utter_answer_self_care_summary"]
    assert SlotSet("screen_saddle_bladder", None) in events


@pytest.mark.parametrize(
    "slot, escalation",
    [
        ("screen_saddle_bladder", "cauda_equina"),
        ("screen_leg_weakness", "bilateral_leg_weakness"),
        ("screen_fever_injury", "emergency_generic"),
    ],
)
def test_any_yes_escalates_without_waiting_for_the_log(db, catalogue, slot, escalation):
    slots = {"screen_saddle_bladder": False, "screen_leg_weakness": False, "screen_fever_injury": False, slot: True}
    dispatcher, events = run(ActionScreeningOutcome(catalogue), make_tracker("affirm", slots=slots))
    assert responses(dispatcher) == []
    assert SlotSet("escalation", escalation) in events
    assert FollowupAction("utter_escalate_emergency") in events
    # The staff log follows from the stored response (tests/test_escalation_watch.py), so the
    # reply never waits for the database or the staff webhook here.
    with db.connect() as connection:
        assert connection.execute(sa.select(staff_log.escalations)).all() == []


def test_a_typed_yes_ends_the_check_at_once():
    tracker = make_tracker("affirm", slots={"screen_saddle_bladder": True, "requested_slot": "screen_saddle_bladder"})
    result = asyncio.run(
        ValidateScreeningForm().validate_screen_saddle_bladder(True, CollectingDispatcher(), tracker, {})
    )
    assert result == {
        "screen_saddle_bladder": True,
        "screen_leg_weakness": "not_asked",
        "screen_fever_injury": "not_asked",
    }
