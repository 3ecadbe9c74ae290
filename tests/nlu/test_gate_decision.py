"""isobot/nlu/gate_decision.py: a red flag only read about, asked about or someone else's
("info") beside a question the classifier is sure of gets that question's answer, with the
red-flag information after it; everything else keeps the order of authority it had."""

from __future__ import annotations

import pytest
import yaml

from isobot import settings
from isobot.nlu.gate_decision import QUESTION_INTENT_PREFIX, decide
from isobot.safety.findings import Finding, FlagHit
from isobot.safety.tiers import INTENT_TIERS

THRESHOLD = 0.8
READ_ABOUT = Finding("info", (FlagHit("pancreatitis", "emergency", "pancreatitis", "hypothetical", "s"),))
SOMEONE_ELSE = Finding("info", (FlagHit("saddle_numbness", "emergency", "cauda_equina", "third_party", "s"),))
PRESENT = Finding("emergency", (FlagHit("saddle_numbness", "emergency", "cauda_equina", "personal", "s"),))


def intent(name, confidence=0.95):
    return {"name": name, "confidence": confidence}


@pytest.mark.parametrize("finding", [READ_ABOUT, SOMEONE_ELSE])
def test_a_sure_catalogue_question_beside_a_read_about_red_flag_gets_its_answer_and_the_information(finding):
    assert decide(finding, intent("ask_prevalence"), [], None, THRESHOLD) == ("ask_prevalence", "red_flags_info")


@pytest.mark.parametrize(
    "classifier",
    [intent("ask_prevalence", 0.5), intent("nlu_fallback"), intent("report_back_pain"), intent("greet"), {}],
)
def test_otherwise_a_read_about_red_flag_gets_the_red_flag_information(classifier):
    assert decide(READ_ABOUT, classifier, [], None, THRESHOLD) == ("ask_red_flags", "red_flags_info")


def test_a_present_red_flag_still_escalates_whatever_the_question():
    assert decide(PRESENT, intent("ask_prevalence", 1.0), [], None, THRESHOLD) == (
        "report_emergency_symptom",
        "cauda_equina",
    )


def test_every_question_intent_it_may_keep_is_answered_by_the_answer_action():
    # The red-flag information is sent by action_answer_question after the answer: an ask_
    # intent routed anywhere else would lose it.
    domain = yaml.safe_load((settings.ROOT / "build" / "domain" / "domain.yml").read_text())
    questions = {i for i in domain["intents"] if str(i).startswith(QUESTION_INTENT_PREFIX) and i not in INTENT_TIERS}
    rules = yaml.safe_load((settings.ROOT / "data" / "rules" / "faq.yml").read_text())["rules"]
    [answering] = [r for r in rules if r["steps"][-1] == {"action": "action_answer_question"} and "or" in r["steps"][0]]
    answered = {step["intent"] for step in answering["steps"][0]["or"]}
    assert questions and questions <= answered


def asked_in_clause(name, confidence=0.5):
    """The TopicRouter found the intent named in the asking clause's own words."""
    return {"name": name, "confidence": confidence, "asked_in_clause": True}


@pytest.mark.parametrize("name", ["ask_management", "ask_duration", "ask_causes"])
def test_an_unsure_question_its_asking_clause_names_beside_a_read_about_red_flag_gets_its_answer(name):
    # "the leaflet lists blindness, ive had none of that, just a sore back. what helps?"
    assert decide(READ_ABOUT, asked_in_clause(name), [], None, THRESHOLD) == (name, "red_flags_info")


def test_the_asking_clause_alone_does_not_answer_beside_someone_else_s_red_flag():
    assert decide(SOMEONE_ELSE, asked_in_clause("ask_management"), [], None, THRESHOLD) == (
        "ask_red_flags",
        "red_flags_info",
    )


@pytest.mark.parametrize("name", ["ask_red_flags", "report_back_pain", "nlu_fallback"])
def test_the_asking_clause_never_turns_a_red_flag_question_or_report_into_an_answer(name):
    assert decide(READ_ABOUT, asked_in_clause(name), [], None, THRESHOLD) == ("ask_red_flags", "red_flags_info")


def test_a_present_red_flag_escalates_whatever_the_asking_clause_names():
    present_and_read = Finding(
        "emergency",
        (
            FlagHit("saddle_numbness", "emergency", "cauda_equina", "personal", "s"),
            FlagHit("pancreatitis", "emergency", "pancreatitis", "hypothetical", "s"),
        ),
    )
    for finding in (PRESENT, present_and_read):
        assert decide(finding, asked_in_clause("ask_management", 1.0), [], None, THRESHOLD) == (
            "report_emergency_symptom",
            "cauda_equina",
        )
