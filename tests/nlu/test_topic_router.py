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


# Spanish: a message with a Spanish marker word is read with the Spanish cues
# (isobot/nlu/topic_evidence.yml `spanish`), accent-folded.


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("semana 9 con 30mg, ¿qué estiramientos puedo hacer?", ["¿qué estiramientos puedo hacer?"]),
        ("no tengo fiebre, pero puedo seguir yendo al gym?", ["puedo seguir yendo al gym?"]),
        ("gracias! y cuánto dura después de dejarlo", ["y cuánto dura después de dejarlo"]),
    ],
)
def test_the_asking_clause_is_found_in_spanish(router, text, clauses):
    assert [c.text for c in router._evidence.clauses(text) if c.asks] == clauses


@pytest.mark.parametrize(
    "text, intent",
    [
        ("gracias, y buenas noches", "thank"),  # "y" is "and" in Spanish, not texted "why"
        ("que bueno, gracias", "feedback_helpful"),  # "que bueno" thanks, it does not ask
        ("dale, y muchas gracias", "affirm"),
        ("cuando corro me duele la espalda", "report_back_pain"),  # a report: the guided check
    ],
)
def test_a_spanish_acknowledgement_or_report_is_not_read_as_a_question(router, text, intent):
    assert route(router, text, intent) is None


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("gracias! y cuánto dura el dolor después de dejarlo?", "thank", "ask_duration"),
        ("voy en 40mg, puedo ir al gym?", "ask_dose_change", "ask_exercise"),
        ("me duele la espalda, qué me ayuda?", "report_back_pain", "ask_management"),
        ("ok y que hago con el dolor", "affirm", "ask_management"),
        ("sin hormigueo ni nada, es normal que me duela?", "nlu_fallback", "ask_prevalence"),
    ],
)
def test_a_named_topic_in_a_spanish_question_wins(router, text, intent, expected):
    assert route(router, text, intent) == expected


def test_texted_y_for_why_still_asks_in_english(router):
    assert [c.asks for c in router._evidence.clauses("y does my back hurt so much")] == [True]
