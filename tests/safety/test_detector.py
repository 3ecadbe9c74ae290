"""Unit tests of the red-flag detector: each red flag, each context rule, both directions.

These sentences are the team's own; the blind labelled set is tests/safety/cases.yml.
"""

from __future__ import annotations

import pytest

EMERGENCY = [
    ("i've got numbness in my groin since this morning", "cauda_equina"),
    ("tingling around my inner thighs and bum", "cauda_equina"),
    ("i cant empty my bladder properly", "cauda_equina"),
    ("cannot wee and numbness in my bottom", "cauda_equina"),
    ("no sensation when I wipe", "cauda_equina"),
    ("i wet myself and didnt even notice", "cauda_equina"),
    ("lost control of my bowels today", "cauda_equina"),
    ("my legs feel dead", "bilateral_leg_weakness"),
    ("both my legs are weak and numb", "bilateral_leg_weakness"),
    ("my legs keep giving way", "bilateral_leg_weakness"),
    ("my legs won't work properly", "bilateral_leg_weakness"),
    ("fell off a ladder yesterday and now my back is agony", "trauma"),
    ("back pain since the car crash this morning", "trauma"),
    ("high fever and chills and my lower back is killing me", "infection"),
    ("crushing pain in my chest", "chest_pain"),
    ("i want to kill myself", "self_harm"),
    ("i dont want to be here anymore", "self_harm"),
    ("been thinking about ending my life", "self_harm"),
    ("my throat is swelling up and i cant breathe", "anaphylaxis"),
    ("my lips and face are swelling", "anaphylaxis"),
    ("severe stomach pain going through to my back and i keep throwing up", "pancreatitis"),
    ("worst headache of my life and my vision is blurry", "intracranial_hypertension"),
    ("my skin is blistering and peeling and i have a fever", "severe_skin_reaction"),
]

URGENT = [
    "the pain is severe and getting worse every day",
    "my back pain wakes me up at night",
    "the pain doesnt ease even when i rest",
    "muscle pain and my pee is dark like cola",
    "my eyes look yellow",
    "i feel hopeless and depressed all the time",
    "constant headache and i feel sick",
    "my vision has gone blurry",
    "bloody diarrhoea since yesterday",
    "i've lost weight without trying and my back hurts",
    "pain shooting down my left leg and its getting worse",
    "i might be pregnant and i'm on accutane",
]

MISSPELLED = [
    "numbnes in my groin",
    "i think im incontinant now",
    "cant control my blader",
    "i feel sucidal",
]

NOT_ALARMING = [
    "my back is murdering me today haha",
    "I smashed my workout",
    "I had the flu a few months ago",
    "no tingling and my bladder is fine, it just aches",
    "mild ache after the gym",
    "a bit stiff in the morning but it loosens up",
    "how common is back pain on accutane",
    "this acne is killing my confidence lol",
    "dying to know if the pain goes away",
]

NOT_PERSONAL = [
    "my brother got really low on accutane, does that happen?",
    "which symptoms, like numbness in the groin, would mean I need the ER?",
    "what if i got numbness down there?",
]


@pytest.mark.parametrize("message, escalation", EMERGENCY)
def test_each_emergency_red_flag_is_caught(detector, message, escalation):
    finding = detector.detect(message)
    assert finding.tier == "emergency", (message, finding)
    assert finding.escalation == escalation


@pytest.mark.parametrize("message", URGENT)
def test_each_urgent_red_flag_is_caught(detector, message):
    assert detector.detect(message).tier in ("urgent", "emergency"), message


@pytest.mark.parametrize("message", MISSPELLED)
def test_misspellings_are_caught(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "emergency", (message, finding)
    assert finding.corrections


@pytest.mark.parametrize("message", NOT_ALARMING)
def test_figures_of_speech_past_and_scoped_negation_do_not_alarm(detector, message):
    assert detector.detect(message).tier == "none", message


@pytest.mark.parametrize("message", NOT_PERSONAL)
def test_third_party_and_hypothetical_get_information_not_an_alarm(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "info", (message, finding)
    assert finding.escalation == "red_flags_info"


@pytest.mark.parametrize(
    "affirmed, negated",
    [
        ("numbness in my groin", "no numbness in my groin"),
        ("my bladder is not working", "my bladder is fine"),
        ("tingling in both legs", "no tingling in either leg"),
    ],
)
def test_explicit_negation_lowers_the_tier_and_its_absence_does_not(detector, affirmed, negated):
    assert detector.detect(affirmed).tier == "emergency"
    assert detector.detect(negated).tier == "none"


def test_a_red_flag_anywhere_in_a_long_message_is_found(detector):
    message = "i have a question about accutane. " * 300 + "also my legs keep giving way"
    assert detector.detect(message).tier == "emergency"


@pytest.mark.parametrize(
    "message",
    ["", "   ", "👍", "\x00\x01", "<script>alert(1)</script>", "a" * 30000, "у меня болит спина", "${jndi:ldap://x}"],
)
def test_any_input_gets_a_tier_and_never_raises(detector, message):
    assert detector.detect(message).tier in ("none", "info", "soon", "urgent", "emergency")


# Concept families a patient uses for a flag, learnt from the real-language corpus's training
# part (each caught message written afresh, not pasted), beside a near miss that must stay quiet.
@pytest.mark.parametrize(
    "caught, flag, near_miss",
    [
        # Steppage gait: compensating for foot drop (ACP/APS; NICE NG59).
        (
            "my left foot feels heavy and i have to lift my knee really high when i walk. back aches",
            "one_leg_weakness",
            "what does it mean if someone has to lift their knee high to walk?",
        ),
        (
            "since yesterday my right foot will not work properly on the stairs",
            "one_leg_weakness",
            "my right foot is a bit sore after new trainers, otherwise fine",
        ),
        # Inflammatory back pain: eases with movement, worse with rest (NICE NG65).
        (
            "my lower back is worst in the mornings and eases once i get moving",
            "inflammatory_back_pain",
            "my back is a bit stiff in the morning but it loosens up once i get moving",
        ),
        (
            "my spine feels locked for about 2 hours each morning",
            "inflammatory_back_pain",
            "i take my pill in the morning and my back is fine",
        ),
        (
            "waking at 5am with back pain and so stiff i can barely get up, moving around helps",
            "inflammatory_back_pain",
            "my back gets stiff after sitting at my desk, moving helps",
        ),
        # Decreased night vision (FDA label, Visual Impairment).
        (
            "i can not make out the road at night since starting accutane",
            "blurred_vision",
            "i can not make out what the leaflet says about driving at night",
        ),
        # Painkillers beyond the packet for the back (NHS Back pain; NICE NG59).
        (
            "i am taking more painkillers than it says on the box for my back",
            "severe_pain",
            "i never take more painkillers than it says on the box, my back is ok",
        ),
        (
            "woke up with horrible back pain again",
            "severe_pain",
            "my acne was horrible before accutane",
        ),
        # Hives with a throat symptom (FDA label, Hypersensitivity).
        (
            "hives all over my arms and my throat feels scratchy",
            "anaphylaxis",
            "had hives as a kid from strawberries, what about accutane?",
        ),
        (
            "my mood is pretty low and i cry every night",
            "depression",
            "my dose is pretty low, only 10mg",
        ),
    ],
)
def test_a_flag_is_caught_in_the_words_patients_use_and_its_near_miss_is_not(detector, caught, flag, near_miss):
    assert flag in detector.detect(caught).flags, caught
    assert detector.detect(near_miss).tier not in ("emergency", "urgent", "soon"), near_miss
