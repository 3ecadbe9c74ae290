"""The clause that asks decides the topic (isobot/nlu/topic_router.py)."""

from __future__ import annotations

import pytest

from isobot.nlu.topic_evidence import load_evidence
from isobot.nlu.topic_router import TopicRouter


@pytest.fixture(scope="module")
def router():
    return TopicRouter(load_evidence())


def route(router, text: str, intent: str, entities=()) -> str | None:
    evidence = router._evidence
    asking = [c for c in evidence.clauses(text) if c.asks]
    focus = " ".join(c.text for c in asking) or text
    return router.choose(intent, bool(asking), focus, list(entities), [{"name": intent, "confidence": 0.6}])


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("wk 9 on 30mg, which stretches are ok?", ["which stretches are ok?"]),
        ("no numbness, bladder fine, can i still go to the gym?", ["can i still go to the gym?"]),
        ("zits are clearing but my back hurts, is it normal", ["is it normal"]),
        ("thanks! and how long does it last after stopping", ["and how long does it last after stopping"]),
    ],
)
def test_the_asking_clause_is_found(router, text, clauses):
    assert [c.text for c in router._evidence.clauses(text) if c.asks] == clauses


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("thanks. how long does it last after stopping?", "thank", "ask_duration"),
        ("cheers, is it normal to get back pain on this?", "thank", "ask_prevalence"),
        ("wk 9 on 30mg, can i still go to the gym?", "ask_dose_change", "ask_exercise"),
        ("my back is sore, what helps?", "report_back_pain", "ask_management"),
        ("no numbness no bladder probs, just achy - can i still go gym?", "nlu_fallback", "ask_exercise"),
    ],
)
def test_a_named_topic_in_the_question_wins(router, text, intent, expected):
    assert route(router, text, intent) == expected


def test_a_stretching_question_with_a_dose_in_the_context_is_about_stretching(router):
    strategy = {"entity": "strategy", "value": "stay_active", "start": 17, "end": 26}
    assert route(router, "wk 9 on 30mg, which stretches are ok?", "ask_dose_change", [strategy]) == "ask_management"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("thanks that helped", "feedback_helpful"),  # no question: the acknowledgement stands
        ("my back hurts after the gym", "report_back_pain"),  # a report: the guided check, not an answer
        ("can i lower my dose?", "ask_dose_change"),  # the question is about the dose
        ("how common is it?", "ask_prevalence"),  # never overrides a confident topic intent
    ],
)
def test_the_classifier_keeps_what_the_asking_clause_supports(router, text, intent):
    assert route(router, text, intent) is None


def test_a_question_with_no_topic_never_gets_an_acknowledgement(router):
    assert route(router, "ok but is that something to worry about?", "affirm") in (
        "ask_when_to_see_doctor",
        "nlu_fallback",
    )
    assert route(router, "hmm ok what about the other thing?", "affirm") == "nlu_fallback"
