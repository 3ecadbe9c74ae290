"""The clause that asks decides the topic (isobot/nlu/topic_router.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

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


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("had a cold last week, over now. mainly i want to know about swimming", "goodbye", "ask_exercise"),
        ("ok bye for now, but is the gym fine on 40mg?", "goodbye", "ask_exercise"),
        (
            "could i leave out a couple of days when it flares and start again after",
            "skip_check",
            "ask_continue_treatment",
        ),
        ("why does roaccutane make my back ache? la la la la la", "request_delete_data", "ask_causes"),
    ],
)
def test_a_question_that_names_a_topic_is_not_a_goodbye_a_skip_or_an_erase(router, text, intent, expected):
    assert route(router, text, intent) == expected


@pytest.mark.parametrize(
    "text, intent",
    [
        ("can we skip the symptom questions?", "skip_check"),  # names no topic: the skip stands
        ("can i leave now?", "goodbye"),
        ("can you delete everything i said about my back pain?", "request_delete_data"),
        ("please erase what i told you about the gym, can you?", "request_delete_data"),
        ("bye! will you still be here tomorrow?", "goodbye"),
    ],
)
def test_a_closing_move_that_names_no_topic_keeps_its_move(router, text, intent):
    assert route(router, text, intent) is None


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


# Whole messages through the component, as Rasa runs it after the classifiers.


def routed(router, text: str, intent: str, confidence: float = 0.9, entities=()) -> str:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}, ENTITIES: list(entities)})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    router.process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("back is stiff when i wake up but its fine after. normal on roaccutane?", "ask_management", "ask_prevalence"),
        ("back ache started this week, normal?", "request_human", "ask_prevalence"),
        (
            "my cabinet is full of failed acne products lol. will accutane give me back pain?",
            "ask_causes",
            "ask_prevalence",
        ),
        ("is accutane back pain bad?", "nlu_fallback", "ask_prevalence"),
        (
            "my son wants accutane, whats the worst that can happen with his back?",
            "nlu_fallback",
            "ask_serious_effects",
        ),
        (
            "so far just dry lips. which side effects should i actually worry about?",
            "ask_followup",
            "ask_serious_effects",
        ),
        ("who is behind this service?", "nlu_fallback", "ask_zanskar"),
        ("ok and who actually runs this chat?", "affirm", "ask_zanskar"),
    ],
)
def test_a_decisive_question_form_names_its_topic_over_a_confident_classifier(router, text, intent, expected):
    assert routed(router, text, intent, confidence=0.99) == expected


@pytest.mark.parametrize(
    "text, intent",
    [
        ("can i just keep taking it and carry on as normal?", "ask_continue_treatment"),  # an idiom, not "is it normal"
        ("at what point is accutane back pain bad enough to see someone?", "ask_when_to_see_doctor"),
        ("what are the warning signs i should watch for?", "ask_red_flags"),  # red-flag information stays
        ("is it normal to need a real person? can i talk to one", "out_of_scope"),  # out of scope is not overridden
    ],
)
def test_a_decisive_form_leaves_what_it_does_not_decide(router, text, intent):
    assert routed(router, text, intent, confidence=0.99) == intent


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        (
            "had a back op a few years ago, fully recovered now. will roaccutane mess with it?",
            "nlu_fallback",
            "ask_risk_factors",
        ),
        (
            "last summer my leg hurt after a festival, fine now. can accutane bring that back?",
            "ask_when_to_see_doctor",
            "ask_risk_factors",
        ),
        (
            "a year ago i had a pinched nerve, totally fine since. is accutane ok for me?",
            "ask_causes",
            "ask_risk_factors",
        ),
        (
            "i had depression at school, had therapy and i am good now. is roaccutane still ok for me?",
            "nlu_fallback",
            "ask_serious_effects",
        ),
    ],
)
def test_a_healed_past_problem_as_background_asks_about_risk(router, text, intent, expected):
    assert routed(router, text, intent) == expected


def test_a_healed_past_before_a_question_with_its_own_topic_keeps_that_topic(router):
    text = "hurt my back years ago, fully healed. can i still go to the gym on accutane?"
    assert routed(router, text, "ask_exercise") == "ask_exercise"


def test_a_question_that_names_nothing_borrows_the_topic_entity_of_its_context(router):
    text = "derm said keep going but at a lower dose, does that usually help?"
    start = text.index("lower dose")
    dosage = {"entity": "strategy", "value": "dosage", "start": start, "end": start + len("lower dose")}
    assert routed(router, text, "nlu_fallback", confidence=0.55, entities=[dosage]) == "ask_dose_change"


def test_a_follow_up_that_names_a_topic_gets_that_topic(router):
    assert (
        routed(router, "what if i just drop the weight and do more reps, is that safer?", "ask_followup")
        == "ask_exercise"
    )
    assert routed(router, "tell me more", "ask_followup") == "ask_followup"


def ranked_routed(router, text: str, ranking: list[tuple[str, float]], entities=()) -> dict:
    intent, confidence = ranking[0]
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}, ENTITIES: list(entities)})
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking])
    router.process([message])
    return {"intent": message.get(INTENT)["name"], "entities": message.get(ENTITIES)}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("my brother had meningitis as a kid, hes totally fine now. can accutane give you headaches?", "request_human"),
        ("can accutane cause blood in your stool? asking before i start", "skip_check"),
        ("can you be allergic to accutane? like what would happen", "nlu_fallback"),
    ],
)
def test_a_question_about_another_side_effect_gets_the_serious_effects_answer(router, text, intent):
    assert routed(router, text, intent, confidence=0.6) == "ask_serious_effects"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("can i take ibuprofen for a headache on accutane?", "ask_pain_relief"),  # what to do, not whether it causes it
        ("can accutane cause headaches and back pain?", "ask_causes"),  # the back is named: the back-pain answer
    ],
)
def test_another_side_effect_in_a_back_or_treatment_question_keeps_its_topic(router, text, intent):
    assert routed(router, text, intent, confidence=0.9) == intent


def test_red_flag_information_ranked_first_is_never_overridden(router):
    ranking = [("nlu_fallback", 0.55), ("ask_red_flags", 0.5)]
    assert ranked_routed(router, "what should i look out for on isotretinoin", ranking)["intent"] == "ask_red_flags"
    assert ranked_routed(router, "who runs this chat?", [("ask_red_flags", 0.9)])["intent"] == "ask_red_flags"


@pytest.mark.parametrize(
    "text, mechanism",
    [
        ("had pins and needles in my foot after sitting cross legged, is that from accutane?", "nerve_sensitivity"),
        ("my joints hurt one day when i hadnt drunk much water, is that the accutane?", None),  # joints: the ruler's
        ("does hot weather make accutane back pain worse, why?", "dehydration"),
    ],
)
def test_a_cause_question_in_everyday_words_names_its_mechanism(router, text, mechanism):
    entities = []
    if "joints" in text:
        start = text.index("joints")
        entities = [{"entity": "mechanism", "value": "inflammation_joints", "start": start, "end": start + 6}]
    got = ranked_routed(router, text, [("ask_causes", 0.95)], entities)
    values = [e["value"] for e in got["entities"] if e["entity"] == "mechanism"]
    assert values == ([mechanism] if mechanism else ["inflammation_joints"])


def test_a_context_entity_of_another_label_than_the_question_s_stays(router):
    text = "i take fish oil and drink lots of water. is that overkill or does it help joints"
    water = text.index("water")
    joints = text.index("joints")
    entities = [
        {"entity": "strategy", "value": "hydration_nutrition", "start": water, "end": water + 5},
        {"entity": "mechanism", "value": "inflammation_joints", "start": joints, "end": joints + 6},
    ]
    got = ranked_routed(router, text, [("ask_management", 0.95)], entities)
    assert {(e["entity"], e["value"]) for e in got["entities"]} == {
        ("strategy", "hydration_nutrition"),
        ("mechanism", "inflammation_joints"),
    }


def test_a_follow_up_steered_by_its_entity_stays_a_follow_up(router):
    water = {"entity": "strategy", "value": "hydration_nutrition", "start": 11, "end": 16}
    assert routed(router, "what about water?", "ask_followup", entities=[water]) == "ask_followup"


def test_another_effect_in_the_context_leaves_a_question_about_the_soreness(router):
    text = "had a headache when i started, gone now. the soreness after shifts is still there, is that normal?"
    assert routed(router, text, "ask_prevalence") == "ask_prevalence"
    assert routed(router, "had a headache, eyes fine. thats normal?", "ask_prevalence") == "ask_serious_effects"


def _fallback_with(router, text: str, best: str, entities) -> str:
    message = Message(data={TEXT: text, INTENT: {"name": "nlu_fallback", "confidence": 0.55}, ENTITIES: list(entities)})
    message.set(INTENT_RANKING_KEY, [{"name": "nlu_fallback", "confidence": 0.55}, {"name": best, "confidence": 0.42}])
    router.process([message])
    return message.get(INTENT)["name"]


BACK = {"entity": "body_part", "value": "back", "start": 3, "end": 7}
PAIN = {"entity": "symptom", "value": "pain", "start": 8, "end": 13}


def test_a_plain_back_pain_report_under_the_threshold_starts_the_guided_check(router):
    assert _fallback_with(router, "my back hurts", "report_back_pain", [BACK, PAIN]) == "report_back_pain"


@pytest.mark.parametrize(
    "text, best, entities",
    [
        ("my back hurts", "ask_causes", [BACK, PAIN]),  # the classifier leans elsewhere
        ("my knee hurts", "report_back_pain", [{**BACK, "value": "knee"}, PAIN]),  # not the back
        ("my back", "report_back_pain", [BACK]),  # no symptom named
    ],
)
def test_an_unsure_message_that_is_not_a_plain_back_pain_report_is_left_unsure(router, text, best, entities):
    assert _fallback_with(router, text, best, entities) == "nlu_fallback"


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # A question form after a list of what is not wrong: the context made DIET read prevalence.
        ("month 4 on tane, no tingling, legs fine. why is this happening?", "ask_prevalence", "ask_causes"),
        (
            "started isotretinoin, aches when i stand. could it be the pills? how would they even do that",
            "out_of_scope",
            "ask_causes",
        ),
        (
            "my back seems worse after salty takeaways. coincidence or is it a real thing on tane?",
            "request_delete_data",
            "ask_causes",
        ),
        ("can you give me a quick summary of looking after my back on this?", "ask_continue_treatment", "ask_summary"),
        (
            "going to start claravis next month. is back pain part of the deal?",
            "ask_continue_treatment",
            "ask_prevalence",
        ),
        ("does yoga count as high impact while on isotretinoin?", "ask_risk_factors", "ask_exercise"),
    ],
)
def test_a_decisive_form_from_real_register_names_its_topic(router, text, intent, expected):
    assert routed(router, text, intent, confidence=0.95) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("dermatologist booked me in for tane. what helps if my back flares up, whats the plan?", "ask_management"),
        ("week 12 of 40mg. will the back ache go once you finish?", "ask_duration"),
    ],
)
def test_a_prevalence_reading_yields_to_the_topic_the_question_names(router, text, expected):
    assert route(router, text, "ask_prevalence") == expected


@pytest.mark.parametrize(
    "text",
    [
        "week 12 of 40mg, is everyone this sore?",
        "how common is it to get back pain on tane, and what helps?",  # both named: the classifier's stays
    ],
)
def test_a_how_common_question_keeps_its_topic(router, text):
    assert route(router, text, "ask_prevalence") is None


def test_a_self_care_question_in_real_register_is_about_managing(router):
    assert route(router, "what actually works for the aches on tane?", "nlu_fallback") == "ask_management"


def test_a_deletion_request_is_not_read_as_a_question(router):
    assert routed(router, "please delete my data", "request_delete_data", confidence=0.95) == "request_delete_data"


def test_when_to_worry_about_mood_is_the_serious_effects_question(router):
    text = "how can i tell if my daughter's moods on tane are just hormones or something to worry about?"
    assert routed(router, text, "ask_when_to_see_doctor", confidence=0.9) == "ask_serious_effects"


def test_when_to_worry_about_back_pain_stays_the_see_a_doctor_question(router):
    text = "how can i tell if my back ache on tane is just strain or something to worry about?"
    assert routed(router, text, "ask_when_to_see_doctor", confidence=0.9) == "ask_when_to_see_doctor"


def mechanisms(router, text: str, words: list[tuple[str, str]]) -> list[str]:
    entities = [
        {"entity": "mechanism", "value": value, "start": text.index(word), "end": text.index(word) + len(word)}
        for word, value in words
    ]
    got = ranked_routed(router, text, [("ask_causes", 0.95)], entities)
    return sorted({e["value"] for e in got["entities"] if e["entity"] == "mechanism"})


def test_a_named_cause_beats_the_joint_word_that_says_where(router):
    text = "could being dehydrated be what gives me the joint aches on tane?"
    got = mechanisms(router, text, [("dehydrated", "dehydration"), ("joint", "inflammation_joints")])
    assert got == ["dehydration"]


def test_joint_inflammation_named_as_the_cause_stays(router):
    text = "is it inflammation in the joints or being dehydrated?"
    got = mechanisms(router, text, [("inflammation", "inflammation_joints"), ("dehydrated", "dehydration")])
    assert got == ["dehydration", "inflammation_joints"]


def test_a_dry_skin_or_lips_question_is_about_another_effect(router):
    text = "palms peeling a bit and lips dry, normal on accutane right? no fever or anything"
    assert routed(router, text, "ask_serious_effects", confidence=0.95) == "ask_serious_effects"
    assert routed(router, "lips dry and my back aches, normal on accutane?", "ask_prevalence") == "ask_prevalence"


def test_an_or_is_that_question_without_a_question_mark_asks(router):
    clauses = router._evidence.clauses("back is worse lately. coincidence or is that a tane thing")
    asking = [c.text for c in clauses if c.asks]
    assert asking == ["coincidence or is that a tane thing"]


def test_a_decisive_cause_question_names_the_cause_told_in_the_context(router):
    text = "my back is worse on days i forget my water bottle. coincidence or is that a real thing with isotretinoin"
    got = ranked_routed(router, text, [("request_delete_data", 0.99)], [])
    assert got["intent"] == "ask_causes"
    assert [e["value"] for e in got["entities"] if e["entity"] == "mechanism"] == ["dehydration"]


def test_a_cause_denied_in_the_context_is_not_the_cause_asked_about(router):
    text = "lower back aches after work. no numbness, no leg weakness. why does it happen tho?"
    got = ranked_routed(router, text, [("ask_prevalence", 0.99)], [])
    assert got["intent"] == "ask_causes"
    assert [e for e in got["entities"] if e["entity"] == "mechanism"] == []


# Stop 25 (issue 12): the background clause tells, the asking clause asks. Wordings are our own,
# not the corpus's.


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        (
            "tore a back muscle playing rugby 3 years ago, fully recovered. can i keep playing rugby on isotretinoin?",
            "ask_risk_factors",
            "ask_exercise",
        ),
        (
            "pulled my back on a bike ride ages ago, fine now. can i still cycle on accutane?",
            "ask_risk_factors",
            "ask_exercise",
        ),
        (
            "my aunt was really low years back, shes doing great now. unrelated, my back aches on tane, what helps?",
            "ask_risk_factors",
            "ask_management",
        ),
        (
            "my back was wrecked after weeding on friday, right as rain by monday. is gardening ok on accutane?",
            "ask_risk_factors",
            "ask_management",
        ),
    ],
)
def test_after_a_healed_background_the_asking_clause_s_own_topic_wins(router, text, intent, expected):
    assert routed(router, text, intent) == expected


@pytest.mark.parametrize(
    "text",
    [
        "went dizzy for a second getting out of the bath last week, never again. anyway is yoga ok on roaccutane?",
        "had a migraine once in march, fine since. is yoga alright on accutane?",
        "strained my back years ago, all healed. anyway is yoga ok while on tane?",
    ],
)
def test_after_a_healed_background_a_stay_active_strategy_asked_about_is_the_stay_active_question(router, text):
    start = text.index("yoga")
    yoga = {"entity": "strategy", "value": "stay_active", "start": start, "end": start + 4}
    assert routed(router, text, "ask_duration", entities=[yoga]) == "ask_management"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "hurt my back at the weekend, fine since monday. should i still mention it at my next appointment?",
            "ask_when_to_see_doctor",
        ),
        ("wrecked my back doing situps years ago, healed long ago. any reason to avoid accutane?", "ask_risk_factors"),
        (
            "had a spinal op as a teen, all fine for 10 years. any reason roaccutane would be a problem for my back?",
            "ask_risk_factors",
        ),
        (
            "had sciatica years back, all healed. derm wants me on accutane - will it flare my back up?",
            "ask_risk_factors",
        ),
    ],
)
def test_after_a_healed_background_a_worry_question_names_the_drug_or_the_doctor(router, text, expected):
    assert routed(router, text, "ask_causes") == expected


def test_after_a_healed_mood_problem_a_worry_about_starting_the_drug_is_the_serious_effects_question(router):
    text = "had bad anxiety at school, fine now. going on roaccutane, should i be worried about my mood and my back?"
    assert routed(router, text, "ask_when_to_see_doctor") == "ask_serious_effects"


def test_after_a_healed_background_mentioning_it_to_the_derm_stays_the_doctor_question(router):
    text = "tweaked my back on accutane last week, fine now. should i mention it to my derm?"
    assert routed(router, text, "ask_when_to_see_doctor") == "ask_when_to_see_doctor"


@pytest.mark.parametrize(
    "text",
    [
        "had a herniated disc at 20, sorted with physio, no problems for years. should i worry starting accutane?",
        "broke my back at 16, healed with physio, no issues since. should i be worried starting roaccutane?",
        "had sciatica at uni, sorted with physio. is that a worry now im going on isotretinoin?",
    ],
)
def test_after_a_healed_background_a_worry_question_asks_who_is_at_risk(router, text):
    assert routed(router, text, "ask_management") == "ask_risk_factors"


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # a figure of speech makes the classifier unsure or read it as out of scope
        (
            "i would literally die if my spots came back so im on roaccutane now. will my back hurt?",
            "nlu_fallback",
            "ask_prevalence",
        ),
        ("this face is killing me so i started tane. will it make my back hurt?", "out_of_scope", "ask_prevalence"),
        (
            "almost passed out when my derm said 8 months haha. will my back ache the whole way through?",
            "out_of_scope",
            "ask_duration",
        ),
        (
            "nearly died when they said 7 months. is my back going to be sore until the end?",
            "out_of_scope",
            "ask_duration",
        ),
    ],
)
def test_a_figure_of_speech_does_not_hide_the_question(router, text, intent, expected):
    assert routed(router, text, intent, confidence=0.6) == expected


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        (
            "did a 42.5 km ride on sunday, back a tad stiff, is endurance stuff fine on accutane",
            "nlu_fallback",
            "ask_exercise",
        ),
        (
            "did a 10k in 51.3 mins, back bit tight. is long distance running ok on roaccutane?",
            "nlu_fallback",
            "ask_exercise",
        ),
        (
            "back pain was 9/10 on monday, now a 3 and easing. should i keep resting it?",
            "nlu_fallback",
            "ask_management",
        ),
        (
            "pain was like a 7 out of 10 last week, down to 1 now. do i need to rest it still?",
            "out_of_scope",
            "ask_management",
        ),
    ],
)
def test_a_number_or_pain_score_in_the_context_leaves_a_clear_question(router, text, intent, expected):
    assert routed(router, text, intent, confidence=0.55) == expected


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("would taking it in the morning rather than evening ease the back pain?", "greet", "ask_dose_change"),
        ("would splitting my dose help the aches?", "ask_management", "ask_dose_change"),
        ("does it help to take it in the morning instead?", "ask_management", "ask_dose_change"),
        ("is it the pills or my terrible chair at work?", "ask_management", "ask_causes"),
        ("is it the accutane or just my old sofa? back stiff in the mornings", "ask_when_to_see_doctor", "ask_causes"),
        ("is it the meds or the mattress, my back is stiff every morning", "ask_when_to_see_doctor", "ask_causes"),
        ("can isotretinoin increase pressure in the skull? what would i notice", "nlu_fallback", "ask_serious_effects"),
        ("does roaccutane raise pressure inside your head? how would that feel", "out_of_scope", "ask_serious_effects"),
        ("can tane give you head pressure? what does it feel like", "ask_causes", "ask_serious_effects"),
    ],
)
def test_smaller_question_forms_name_their_topic(router, text, intent, expected):
    assert routed(router, text, intent) == expected


def test_the_router_tells_the_gate_when_the_asking_clause_names_the_intent(router):
    def marked(text: str, intent: str) -> bool:
        message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.6}, ENTITIES: []})
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.6}])
        router.process([message])
        return bool(message.get(INTENT).get("asked_in_clause"))

    assert marked("the leaflet lists blindness, ive had none of that, just a sore back. what helps?", "ask_management")
    assert not marked("the leaflet lists blindness and it scared me", "ask_management")
    assert not marked("the leaflet lists blindness. is that true?", "ask_management")


# Stop 27: wordings the tables did not know, and forms that misled a confident classifier.


def routed_message(router, text: str, intent: str, confidence: float = 0.9) -> Message:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}, ENTITIES: []})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    router.process([message])
    return message


def topic_values(message: Message) -> dict[str, str]:
    return {e["entity"]: e["value"] for e in message.get(ENTITIES) if e["entity"] in ("strategy", "mechanism")}


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # Advice given, not how common the pain is: the classifier's reading stands.
        ("gp says rest it for a week, is that normal practice?", "ask_when_to_see_doctor", "ask_when_to_see_doctor"),
        (
            "my derm told me to keep taking it through the aches, normal advice?",
            "ask_continue_treatment",
            "ask_continue_treatment",
        ),
        # Heredity asks who is at risk, even with "run" in it and a healed past before it.
        (
            "my mum had a slipped disc, fully recovered now. does back trouble run in the family?",
            "ask_risk_factors",
            "ask_risk_factors",
        ),
        ("is getting back pain on tane genetic?", "nlu_fallback", "ask_risk_factors"),
        # Stopping the training is the exercise question, not stopping the drug.
        (
            "back is wrecked after deadlifts, maybe i should stop training for a while?",
            "ask_continue_treatment",
            "ask_exercise",
        ),
        ("do i need to give up running till the course ends?", "ask_continue_treatment", "ask_exercise"),
        # Whether it is arthritis asks whether the drug inflames the joints.
        ("hips feel creaky every morning on roaccutane, is this arthritis?", "ask_serious_effects", "ask_causes"),
    ],
)
def test_question_forms_that_name_their_topic_in_everyday_words(router, text, intent, expected):
    assert routed(router, text, intent) == expected


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("my back aches every morning, is that normal?", "ask_when_to_see_doctor", "ask_prevalence"),
        ("can i still run on accutane?", "nlu_fallback", "ask_exercise"),
        ("should i stop taking accutane because of my back?", "ask_continue_treatment", "ask_continue_treatment"),
        ("what are the serious side effects of accutane?", "ask_serious_effects", "ask_serious_effects"),
    ],
)
def test_the_near_misses_keep_their_topic(router, text, intent, expected):
    assert routed(router, text, intent) == expected


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("if the aches spread to my back too, what do i do?", "nlu_fallback", "ask_management"),
        ("what else can i do besides painkillers?", "ask_followup", "ask_management"),
        ("will it get worse the longer i take it?", "nlu_fallback", "ask_risk_factors"),
        ("could the pills be why my lower back is stiff?", "nlu_fallback", "ask_causes"),
        # Comparing brands is the how-common question, though "cause" is in it.
        ("does absorica cause the same aches as roaccutane?", "ask_prevalence", "ask_prevalence"),
    ],
)
def test_everyday_wording_of_a_catalogue_question(router, text, intent, expected):
    assert routed(router, text, intent, confidence=0.55) == expected


def test_a_what_causes_question_read_as_how_common_is_still_the_cause(router):
    assert routed(router, "what causes the aches on this?", "ask_prevalence", confidence=0.55) == "ask_causes"


@pytest.mark.parametrize(
    "text, intent, strategy",
    [
        ("will a long commute driving every day make my back worse?", "ask_management", "posture"),
        ("are those sit stand desk things worth it for this?", "ask_management", "posture"),
        ("with my back like this on tane, can i still go to work tomorrow?", "ask_management", "stay_active"),
        ("which exercises do they usually set for this?", "nlu_fallback", "physiotherapy"),
    ],
)
def test_a_strategy_in_everyday_words_is_the_questions_own(router, text, intent, strategy):
    message = routed_message(router, text, intent, confidence=0.55)
    assert message.get(INTENT)["name"] == "ask_management"
    assert topic_values(message) == {"strategy": strategy}


@pytest.mark.parametrize(
    "text, intent",
    [
        ("any tips for my driving test next week?", "out_of_scope"),  # not about the back at all
        ("i drive a lot for work, my back hurts", "report_back_pain"),  # a report: no question to steer
        ("is driving or going to work worse for it?", "ask_management"),  # two strategies: none chosen
        ("no driving for now, what else helps my back?", "ask_management"),  # denied in the asking clause
    ],
)
def test_no_strategy_is_added_without_a_question_about_one(router, text, intent):
    message = routed_message(router, text, intent, confidence=0.55)
    assert message.get(INTENT)["name"] == intent
    assert "strategy" not in topic_values(message)


def test_a_strategy_the_ruler_found_in_the_question_stands(router):
    strategy = {"entity": "strategy", "value": "posture", "start": 14, "end": 21}
    text = "does my chair, sitting all day at work, matter?"
    message = Message(data={TEXT: text, INTENT: {"name": "ask_management", "confidence": 0.9}, ENTITIES: [strategy]})
    message.set(INTENT_RANKING_KEY, [{"name": "ask_management", "confidence": 0.9}])
    router.process([message])
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "strategy"] == ["posture"]


@pytest.mark.parametrize(
    "text, mechanism",
    [
        ("is my joint ache the reason my back hurts?", "inflammation_joints"),
        ("my it band is tight from running, is that down to accutane?", "inflammation_joints"),
    ],
)
def test_a_cause_question_names_the_joints_in_everyday_words(router, text, mechanism):
    message = routed_message(router, text, "ask_causes")
    assert topic_values(message) == {"mechanism": mechanism}


def test_a_cause_question_naming_no_mechanism_gets_none(router):
    assert topic_values(routed_message(router, "why does my back hurt on accutane?", "ask_causes")) == {}


def test_english_read_as_another_language_is_routed_when_the_identifier_reads_english(router):
    text = (
        "right so i'm 31 and started isotretinoin two months back, skin is great but my lower back has ached "
        "every evening for a fortnight. is there anything i can do to ease it?"
    )
    assert routed(router, text, "input_non_english") == "ask_management"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai mal au dos depuis que je prends roaccutane, qu'est-ce que je peux faire pour me soulager ?",
        "what do you think of the new phone they released this week, is it any good?",
    ],
)
def test_another_language_or_an_off_topic_message_keeps_its_reading(router, text):
    assert routed(router, text, "input_non_english") == "input_non_english"


def test_the_joints_named_only_as_where_it_hurts_yield_to_another_cause(router):
    message = routed_message(router, "my joints ached the week i barely drank any water, was that it?", "ask_causes")
    assert topic_values(message) == {"mechanism": "dehydration"}


@pytest.mark.parametrize(
    "text, strategy",
    [
        ("what insoles are best for standing at work with this back ache?", "posture"),
        ("should i take time off work with my back like this?", "stay_active"),
    ],
)
def test_working_names_posture_or_staying_active_by_what_it_asks(router, text, strategy):
    assert topic_values(routed_message(router, text, "ask_management")) == {"strategy": strategy}


@pytest.mark.parametrize(
    "text",
    [
        "is doxycycline any better than accutane for my spots?",  # another treatment: out of scope
        "my uncle had a heart attack, does that family history matter for isotretinoin?",  # not the back's risk
    ],
)
def test_another_drug_or_another_familys_illness_stays_out_of_scope(router, text):
    assert routed(router, text, "out_of_scope") == "out_of_scope"


# Stop 29: informed f13/f14 misses, by kind (own wordings, not the corpus's).


@pytest.mark.parametrize(
    "text, intent",
    [
        ("two weeks of tablets left, when will my spine feel normal again?", "ask_duration"),  # "feel normal": an idiom
        ("should i get my derm to drop me down to 20mg with this back ache", "ask_dose_change"),
        ("is my lower back ache ordinary or does it need checking out?", "ask_when_to_see_doctor"),
    ],
)
def test_a_topic_the_question_names_is_not_taken_by_a_nearby_word(router, text, intent):
    assert routed(router, text, intent, confidence=0.99) == intent


def test_normal_still_asks_how_common_when_nothing_says_get_it_checked(router):
    assert routed(router, "my back ache on roaccutane, normal or not?", "ask_when_to_see_doctor") == "ask_prevalence"


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        (
            "how long should lower back stiffness last before it is a problem",
            [("ask_serious_effects", 0.8)],
            "ask_when_to_see_doctor",
        ),
        ("what sort of fever alongside back ache is worrying?", [("nlu_fallback", 0.55)], "ask_when_to_see_doctor"),
        ("is a real doctor answering these questions?", [("nlu_fallback", 0.55)], "ask_zanskar"),
        ("are you a doctor or a bot", [("nlu_fallback", 0.55), ("bot_challenge", 0.4)], "ask_zanskar"),
        ("could panic attacks be a side effect worth reporting?", [("nlu_fallback", 0.55)], "ask_serious_effects"),
    ],
)
def test_the_asked_topic_wins_over_the_words_of_another(router, text, ranking, expected):
    assert ranked_routed(router, text, ranking)["intent"] == expected


@pytest.mark.parametrize(
    "text, ranking, expected",
    [
        ("can i get a real doctor to look at my back?", [("request_human", 0.99)], "request_human"),
        ("should i see a doctor about this back pain?", [("ask_when_to_see_doctor", 0.99)], "ask_when_to_see_doctor"),
        ("does anxiety about my back make the ache worse?", [("ask_causes", 0.9)], "ask_causes"),  # the back is named
    ],
)
def test_nearby_questions_keep_their_topic(router, text, ranking, expected):
    assert ranked_routed(router, text, ranking)["intent"] == expected


def test_stomach_pain_going_through_to_the_back_is_the_warning_sign_question(router):
    text = "say i got stomach pain going through to my back what does that mean"
    ranking = [("nlu_fallback", 0.55), ("ask_red_flags", 0.5)]
    assert ranked_routed(router, text, ranking)["intent"] == "ask_red_flags"
    assert ranked_routed(router, text, [("nlu_fallback", 0.55)])["intent"] == "ask_serious_effects"
    # back pain alone, asked what it means, is not the warning sign
    assert ranked_routed(router, "my back aches after work what does that mean", [("ask_causes", 0.9)])["intent"] == (
        "ask_causes"
    )


@pytest.mark.parametrize(
    "text, strategy",
    [
        ("what is the best way to sleep with this back ache, on my front or side?", "posture"),
        ("is a rolled up towel behind my lower back any good at my desk?", "posture"),
        ("is walking to work ok with accutane back ache or should i get the bus?", "stay_active"),
    ],
)
def test_sleeping_supports_and_getting_to_work_name_their_strategy(router, text, strategy):
    message = routed_message(router, text, "ask_management")
    assert message.get(INTENT)["name"] == "ask_management"
    assert topic_values(message) == {"strategy": strategy}


def test_a_plain_management_question_names_no_strategy(router):
    assert topic_values(routed_message(router, "what helps accutane back ache the most?", "ask_management")) == {}
