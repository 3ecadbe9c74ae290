"""Family wordings from the clinical sources, as patients say them, in both directions: each
escalating wording beside a harmless one that shares its words (safety/red_flags.yml names the
source of each). The sentences are the team's own, not the corpus's."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns

ALARM = ("emergency", "urgent")


def tier(detector, *messages: str) -> str:
    *earlier, last = messages
    return across_turns(detector, detector.detect(last), [detector.detect(m) for m in earlier]).tier


@pytest.mark.parametrize(
    "message",
    [
        "back is agony and it takes ages to start peeing now",
        "it's hard to start a wee since yesterday and my lower back is bad",
        "i can't tell if i've finished weeing anymore, back pain all week",
        "i don't notice when i need to pee lately and my back hurts",
        "my bum and inner thighs feel weird, like they're not there when i wipe",
        "round my privates feels strange since the back pain started",
        "my inner thighs feel like they're not there when i touch them",
    ],
)
def test_nhs_cauda_equina_bladder_and_saddle_wordings_are_an_emergency(detector, message):
    assert detector.detect(message).escalation == "cauda_equina", message


@pytest.mark.parametrize(
    "message",
    [
        "it's hard to start the day with this back pain",
        "my bum feels weird from sitting on a hard chair, is that normal?",
        "can accutane make it hard to start peeing?",
    ],
)
def test_bladder_and_saddle_words_without_the_sign_do_not_alarm(detector, message):
    assert detector.detect(message).tier != "emergency", message


@pytest.mark.parametrize(
    "message",
    [
        "back went and both my knees gave out on the stairs",
        "the sciatica is in both now and they both feel weak",
        "pain down one leg at first, now both are numb and tingling in my legs",
    ],
)
def test_both_legs_said_as_both_is_an_emergency(detector, message):
    assert detector.detect(message).escalation == "bilateral_leg_weakness", message


@pytest.mark.parametrize(
    "message",
    [
        "both my knees click when i squat, is that the accutane?",
        "my legs ache after a long run, both of them, normal?",
    ],
)
def test_both_legs_without_weakness_or_numbness_is_not_an_emergency(detector, message):
    assert detector.detect(message).tier != "emergency", message


@pytest.mark.parametrize(
    "messages",
    [
        ("found notes in my son's room, one for each of us",),
        ("my daughter has been giving her things away to her friends",),
        ("he gave away his guitar and his games this week, he's on accutane",),
        ("i've written a letter to my mum and one to my dad, just in case",),
        ("feel really low on roaccutane, nothing matters", "wrote letters to my friends tonight"),
        ("honestly no one would miss me",),
    ],
)
def test_indirect_suicide_signs_are_an_emergency(detector, messages):
    assert tier(detector, *messages) == "emergency", messages


@pytest.mark.parametrize(
    "messages",
    [
        ("i wrote a letter to my dermatologist just in case",),
        ("wrote a letter to my gran for her birthday",),
        ("when i saw my spots in year 5 i literally wanted to die lol. can accutane cause back pain?",),
        ("i nearly died of cringe when my mum saw my chin",),
        ("id rather die than go back to having acne like that",),
    ],
)
def test_letters_and_figures_of_speech_without_the_sign_do_not_alarm(detector, messages):
    assert tier(detector, *messages) != "emergency", messages


@pytest.mark.parametrize(
    "message",
    [
        "a grey patch has come over my left eye since lunch",
        "my vision in one eye went cloudy this morning, i can only see out of the edge",
    ],
)
def test_a_grey_or_cloudy_patch_in_the_sight_is_vision_loss(detector, message):
    assert detector.detect(message).escalation == "vision_loss", message


def test_hair_gone_grey_is_not_vision_loss(detector):
    assert detector.detect("my hair has gone grey since starting accutane lol").tier == "none"


@pytest.mark.parametrize(
    "message",
    [
        "calves throbbing since the gym and my pee is reddish",
        "my wee looks brownish and my thighs are aching badly",
    ],
)
def test_coloured_urine_with_muscle_pain_is_urgent(detector, message):
    assert detector.detect(message).tier == "urgent", message


def test_urine_that_was_dark_and_is_normal_now_is_not_muscle_breakdown(detector):
    assert detector.detect("my pee was dark yesterday, it cleared up after some water").tier not in ALARM


@pytest.mark.parametrize(
    "message",
    [
        "feel really down most days since starting roaccutane",
        "still anxious all the time, 5 months after finishing",
        "i cry myself to sleep on accutane",
    ],
)
def test_low_mood_and_lasting_anxiety_are_urgent(detector, message):
    assert detector.detect(message).escalation == "depression", message


def test_being_down_about_a_result_is_not_low_mood(detector):
    assert detector.detect("my ck was down to normal at the last blood test").tier not in ALARM


@pytest.mark.parametrize(
    "message",
    [
        "blood mixed in my poo for a few days now",
        "bleeding when i poo since last week, on isotretinoin",
    ],
)
def test_blood_in_the_stool_said_loosely_is_urgent(detector, message):
    assert detector.detect(message).escalation == "ibd", message


def test_a_blood_test_and_a_stool_sample_are_not_bleeding(detector):
    assert detector.detect("i had a blood test and a stool sample last week").tier == "none"


def test_a_positive_pregnancy_test_is_urgent(detector):
    assert detector.detect("did a pregnancy test this morning and it's positive").escalation == "pregnancy"


@pytest.mark.parametrize(
    "message",
    [
        "why do i need a pregnancy test every month if i'm not having sex",
        "did a pregnancy test, negative, all good",
    ],
)
def test_the_monthly_pregnancy_test_is_not_a_pregnancy(detector, message):
    assert detector.detect(message).tier not in ALARM, message


def test_headache_and_vomiting_after_a_fall_is_an_emergency(detector):
    message = "i fainted in the kitchen, now a pounding headache and i keep being sick"
    assert detector.detect(message).tier == "emergency"


def test_a_pounding_heart_alone_is_not_chest_pain(detector):
    assert detector.detect("my heart was pounding when i opened my exam results lol").tier != "emergency"


def test_chest_pain_with_a_racing_heart_is_still_an_emergency(detector):
    assert detector.detect("heart racing and a tight pain in my chest").escalation == "chest_pain"


@pytest.mark.parametrize(
    "message",
    [
        "i hurt my back lifting when i was 18. does an old injury make accutane back pain worse?",
        "back in 2019 i came off my bike and hurt my back, is accutane back pain different?",
        "had a bad fall in 3rd grade, is that why my back aches on accutane?",
    ],
)
def test_an_injury_dated_by_age_or_year_is_history(detector, message):
    assert detector.detect(message).tier not in ALARM, message


def test_an_old_injury_with_a_fall_today_still_escalates(detector):
    message = "hurt my back when i was 18, but today i fell down the stairs and it is agony"
    assert detector.detect(message).tier == "emergency"


def test_leaflet_side_effect_the_patient_does_not_have_is_not_an_alarm(detector):
    message = "read about the colitis lawsuits online, my stomach is totally fine. is back pain common?"
    assert detector.detect(message).tier not in ALARM


@pytest.mark.parametrize(
    "messages",
    [
        ("finished roaccutane 3 months ago", "my back still aches now and then, should i see my gp?"),
        ("stopped accutane 6 weeks ago and my lower back still twinges",),
    ],
)
def test_back_pain_after_a_dated_stop_is_soon(detector, messages):
    assert tier(detector, *messages) == "soon", messages


@pytest.mark.parametrize(
    "messages",
    [
        ("finished accutane 2 years ago. does back pain come back after stopping?",),
        ("stopped roaccutane a while ago", "how long does back pain last after stopping?"),
    ],
)
def test_a_question_about_pain_after_stopping_is_not_triaged(detector, messages):
    assert tier(detector, *messages) in ("none", "info"), messages


@pytest.mark.parametrize(
    "message",
    [
        "half of my sight in the left eye has just disappeared",
        "my right eye went black an hour ago and it hasn't come back",
    ],
)
def test_sight_that_disappears_or_goes_black_is_vision_loss(detector, message):
    assert detector.detect(message).escalation == "vision_loss", message


def test_a_black_eye_from_a_knock_is_not_vision_loss(detector):
    assert detector.detect("got a black eye playing football, will accutane slow the healing?").tier != "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "my son has been looking up how many pills would kill him",
        "i can't see a way out of this anymore",
        "i don't see the point in anything anymore",
    ],
)
def test_searching_for_a_method_and_hopelessness_are_an_emergency(detector, message):
    assert detector.detect(message).escalation == "self_harm", message


@pytest.mark.parametrize(
    "message",
    [
        "my bank account is having a heart attack after this prescription",
        "i can't see a way to afford the next month of tablets, any tips?",
        "two months in and i can't see any difference in my skin",
        "my pee is dark yellow first thing in the morning, is that normal?",
    ],
)
def test_money_figures_and_concentrated_urine_are_not_alarms(detector, message):
    assert detector.detect(message).tier not in ALARM, message


@pytest.mark.parametrize(
    "message",
    [
        "my grandad had cauda equina surgery in the 90s, does it run in families?",
        "i know accutane can cause vision problems, my eyes are totally fine though. how common is it?",
        "read that it can cause liver problems but my bloods came back normal",
    ],
)
def test_a_relatives_old_illness_and_a_known_risk_not_had_are_not_alarms(detector, message):
    assert detector.detect(message).tier not in ALARM, message


def test_a_relative_with_a_red_flag_now_still_escalates(detector):
    message = "my stepdaughter is on accutane and says she can't feel her bum and can't wee"
    assert detector.detect(message).tier == "emergency"


def test_painkillers_not_touching_weeks_of_back_pain_is_urgent(detector):
    assert detector.detect("painkillers are not touching my back pain at all, 3 weeks now").tier == "urgent"


def test_painkillers_that_work_are_not_an_escalation(detector):
    message = "ibuprofen takes the edge off my back pain, is it ok to take with accutane?"
    assert detector.detect(message).tier not in ALARM
