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


# Stop 25, from the informed f8 misses: each cause checked on the team's own wordings (none of
# them in the corpus), beside a near miss that must stay quiet.
@pytest.mark.parametrize(
    "message",
    [
        "my wife wet herself in the kitchen and didnt even notice, her back has been killing her",
        "my son says he peed himself in bed last night without waking, hes on accutane and his back hurts",
        "my boyfriend pooed himself on the walk home and couldnt feel it, he has bad back pain",
    ],
)
def test_a_present_danger_told_of_another_person_in_plain_words_is_an_emergency(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "emergency", message
    assert "bladder_bowel_control" in finding.flags, message


def test_another_persons_figure_of_speech_stays_one(detector):
    assert detector.detect("my son wet himself laughing at the telly").tier == "none"


@pytest.mark.parametrize(
    "message",
    [
        "hoarding tablets in my room for when it all gets too much",
        "been collecting my sleeping pills for a while, theres a big stash now",
        "ive been stockpiling paracetamol, there is loads in my wardrobe",
    ],
)
def test_gathering_pills_is_an_emergency_without_a_word_for_suicide(detector, message):
    assert "self_harm" in detector.detect(message).flags, message
    assert detector.detect(message).tier == "emergency", message


@pytest.mark.parametrize(
    "message", ["saving up for a holiday after my course finishes", "i keep my painkillers in a drawer, is that ok?"]
)
def test_keeping_or_saving_without_gathering_pills_is_not_an_alarm(detector, message):
    assert detector.detect(message).tier == "none", message


@pytest.mark.parametrize(
    "message",
    [
        "my sight suddenly went dark in my left eye and its still like that",
        "my sons vision went dim in both eyes this afternoon and hasnt recovered",
        "everything went dark in my right eye 20 mins ago and its not come back",
    ],
)
def test_vision_that_went_dark_is_sudden_vision_loss(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "emergency" and "vision_loss" in finding.flags, message


def test_eyes_going_dark_on_standing_stay_the_blurred_vision_check(detector):
    finding = detector.detect("my eyes go dark for a second when i stand up too fast")
    assert "vision_loss" not in finding.flags


@pytest.mark.parametrize(
    "message",
    [
        "my left leg keeps giving out when i walk the dog, the other one is fine, back aches too",
        "the right leg feels like it is buckling, only on that side, and my lower back is sore",
        "my left leg feels like its going to give out on me, only that one",
    ],
)
def test_one_leg_giving_out_is_one_leg_weakness(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "urgent" and "one_leg_weakness" in finding.flags, message


@pytest.mark.parametrize(
    "message",
    [
        "feeling the lowest ive ever felt since starting tane, could it be the pills?",
        "never felt this low in my life, is it the accutane?",
        "im at my lowest right now, does isotretinoin do that?",
    ],
)
def test_present_low_mood_told_with_a_question_is_urgent(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "urgent" and "depression" in finding.flags, message


def test_the_lowest_dose_is_not_low_mood(detector):
    assert detector.detect("my dose is the lowest one, is that ok?").tier == "none"


@pytest.mark.parametrize(
    "message",
    [
        "every day after i get up my back is rigid for about 40 mins, loosens once im walking around",
        "back is locked up for the first hour after i wake, a walk sorts it out",
        "stiff for over half an hour each morning then it eases when i move about",
    ],
)
def test_long_morning_stiffness_that_eases_with_movement_is_inflammatory_back_pain(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "urgent" and "inflammatory_back_pain" in finding.flags, message


def test_a_few_minutes_of_morning_stiffness_is_not_inflammatory(detector):
    assert detector.detect("my back is a bit stiff for 5 mins when i get up then fine").tier == "none"


@pytest.mark.parametrize(
    "message",
    [
        "had this dull ache in my lower back for 7 weeks now, its just always there",
        "my back has ached every day, 5 weeks straight",
        "eight weeks of this ache in my lower back, it never really goes",
    ],
)
def test_a_back_ache_of_weeks_is_persistent(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "soon" and "persistent_back_pain" in finding.flags, message


def test_the_rules_grades_and_test_values_are_built_once(detector):
    doc, _ = detector._doc("my back is 9/10")
    first, second = detector._reach(doc, set()), detector._reach(doc, set())
    assert first.intensity is second.intensity and first.test_results is second.test_results
    assert first.intensity, "the rules name at least one grade"


@pytest.mark.parametrize(
    "message",
    [
        "my right leg gave out twice today, just that one, lower back is sore",
        "left leg buckling on me since monday, only that side, with my back ache",
        "my left leg gave way on the stairs, the other leg is fine, back aches",
    ],
)
def test_one_leg_said_to_be_the_only_one_is_not_both_legs(detector, message):
    finding = detector.detect(message)
    assert finding.tier == "urgent" and "bilateral_leg_weakness" not in finding.flags, message


@pytest.mark.parametrize("message", ["my legs keep giving way", "both legs gave out on the stairs this morning"])
def test_legs_giving_way_without_one_named_alone_stay_an_emergency(detector, message):
    assert detector.detect(message).tier == "emergency", message
