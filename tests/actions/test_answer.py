import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from tests.actions.trackers import entity, make_tracker, responses


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher, events


@pytest.fixture
def action(catalogue):
    return ActionAnswerQuestion(catalogue)


@pytest.mark.parametrize(
    "intent, answer_id",
    [
        ("ask_drug_info", "drug_overview"),
        ("ask_causes", "causes_overview"),
        ("ask_prevalence", "prevalence_overview"),
        ("ask_risk_factors", "risk_factors"),
        ("ask_duration", "duration_after_stopping"),
        ("ask_exercise", "exercise_on_treatment"),
        ("ask_management", "management_overview"),
        ("ask_pain_relief", "manage_pain_relief"),
        ("ask_dose_change", "manage_dosage"),
        ("ask_when_to_see_doctor", "when_to_see_doctor"),
        ("ask_serious_effects", "serious_effects"),
        ("ask_continue_treatment", "continue_treatment"),
        ("ask_author", "about_authors"),
        ("ask_disclaimer", "disclaimer"),
        ("ask_zanskar", "about_zanskar"),
        ("ask_summary", "takeaway_summary"),
    ],
)
def test_each_topic_intent_gets_its_catalogue_entry(action, intent, answer_id):
    dispatcher, events = run(action, make_tracker(intent))
    assert responses(dispatcher)[0] == f"utter_answer_{answer_id}"
    assert SlotSet("last_answer_id", answer_id) in events


@pytest.mark.parametrize(
    "intent, entities, answer_id",
    [
        ("ask_causes", [entity("mechanism", "bone_density")], "cause_bone_density"),
        ("ask_followup", [entity("mechanism", "nerve_sensitivity")], "cause_nerve_sensitivity"),
        ("ask_management", [entity("strategy", "posture")], "manage_posture"),
        ("ask_followup", [entity("strategy", "physiotherapy")], "manage_physiotherapy"),
        # An entity only narrows the answer under the intents it belongs to.
        ("ask_exercise", [entity("strategy", "stay_active")], "exercise_on_treatment"),
        ("ask_prevalence", [entity("mechanism", "muscular")], "prevalence_overview"),
    ],
)
def test_entities_pick_the_specific_entry(action, intent, entities, answer_id):
    dispatcher, _ = run(action, make_tracker(intent, entities))
    assert responses(dispatcher)[0] == f"utter_answer_{answer_id}"


def test_tell_me_more_follows_the_last_answer(action, catalogue):
    dispatcher, _ = run(action, make_tracker("ask_followup", slots={"last_answer_id": "causes_overview"}))
    assert responses(dispatcher)[0] == f"utter_answer_{catalogue.answers['causes_overview'].more}"


def test_a_followup_without_context_offers_topics(action):
    dispatcher, events = run(action, make_tracker("ask_followup"))
    assert responses(dispatcher) == ["utter_did_you_mean"]
    assert len(dispatcher.messages[0]["buttons"]) == 3
    assert not any(isinstance(e, dict) and e.get("name") == "last_answer_id" for e in events)


def test_feedback_is_asked_after_the_first_answer_but_not_every_one(action):
    first, _ = run(action, make_tracker("ask_causes", slots={"answers_since_feedback": 0}))
    second, _ = run(action, make_tracker("ask_prevalence", slots={"answers_since_feedback": 1}))
    assert responses(first)[-1] == "utter_ask_feedback"
    assert "utter_ask_feedback" not in responses(second)


def test_a_truncated_message_is_answered_with_a_notice_first(action):
    dispatcher, _ = run(action, make_tracker("ask_causes", notices=["truncated"]))
    assert responses(dispatcher)[:2] == ["utter_truncated_notice", "utter_answer_causes_overview"]


def test_answering_during_the_check_ends_the_check(action):
    _, events = run(action, make_tracker("ask_causes", active_loop="screening_form"))
    assert ActiveLoop(None) in events


def test_related_topics_after_the_last_answer_are_titled_in_the_conversations_language(action, catalogue):
    slots = {"last_answer_id": "takeaway_summary", "language": "es"}  # takeaway_summary has no `more`
    dispatcher, _ = run(action, make_tracker("ask_followup", slots=slots))
    assert responses(dispatcher) == ["utter_related_topics"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == [catalogue.answers[t].translations["es"].label for t in catalogue.default_topics]
    assert titles[0] == "Por qué puede causar dolor de espalda"
