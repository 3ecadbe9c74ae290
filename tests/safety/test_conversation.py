"""Red flags told in parts, across sentences and turns (isobot/safety/conversation.py)."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns


def tier(detector, *messages: str) -> str:
    *earlier, last = messages
    return across_turns(detector, detector.detect(last), [detector.detect(m) for m in earlier]).tier


@pytest.mark.parametrize(
    "messages",
    [
        ("my lower back is killing me", "temp is 39.4"),
        ("my back has been sore all week", "now i'm shivering and burning up"),
        ("my back hurts", "and now my bum is numb"),
        ("my back's been sore", "forgot to say i came off my bike on saturday and landed on it hard"),
        ("my partner's on accutane and his back hurts a lot", "he's burning up now, 39.4, and shivering"),
        ("my mouth is full of painful sores and my skin is peeling in sheets. i feel feverish",),
    ],
)
def test_parts_of_one_red_flag_add_up(detector, messages):
    assert tier(detector, *messages) == "emergency", messages


@pytest.mark.parametrize(
    "messages",
    [
        ("my back is sore", "thanks, how common is it?"),
        ("my dad had a fever last week", "my back hurts"),
        ("no fever", "my back hurts"),
        ("back hurts since day 12", "it's day 39 now"),
        ("my back hurts", "my temp is 37.2, is that ok?"),
    ],
)
def test_unrelated_or_denied_parts_do_not_add_up(detector, messages):
    assert tier(detector, *messages) not in ("emergency", "urgent"), messages


def test_an_old_flag_is_not_sent_again_for_an_unrelated_message(detector):
    assert tier(detector, "my back hurts and i have a fever of 39", "how long does it usually last?") == "none"


def test_a_symptom_told_with_a_tag_question_adds_up_with_the_next_turn(detector):
    # "..., is it normal?" asks about the patient's own back pain: chills a turn later is the
    # back-pain-with-fever flag.
    told = ("lower back pain on accutane, is it normal?", "oh and i have had chills all day")
    assert tier(detector, *told) == "emergency"
    asked = ("is it normal to get back pain on accutane?", "just wondering, no chills or anything")
    assert tier(detector, *asked) == "none"


def test_a_soon_concern_asked_as_a_question_stays_a_question_across_sentences(detector):
    assert tier(detector, "shud i quit tane cos of my back or push thru. what do people do") in ("none", "info")
    assert tier(detector, "should i tell my derm about the back pain? it has been about 3 weeks") == "soon"


@pytest.mark.parametrize(
    "messages",
    [
        ("started accutane 2 months ago, mood has been flat", "i don't really see the point in anything anymore"),
        ("i don't really see the point in anything anymore",),
    ],
)
def test_hopelessness_told_with_a_filler_word_is_a_self_harm_sign(detector, messages):
    assert tier(detector, *messages) == "emergency", messages


@pytest.mark.parametrize(
    "message",
    [
        "started accutane 2 months ago, mood has been flat",
        "is accutane making me depressed? i used to be upbeat and now i cant be bothered with anything or anyone",
    ],
)
def test_a_flat_or_unbothered_mood_told_as_present_escalates(detector, message):
    assert detector.detect(message).tier == "urgent", message


@pytest.mark.parametrize(
    "messages",
    [
        ("stopped 10 days ago and my back is getting better, can the pain be permanent?",),
        ("came off accutane last week, back feels a bit better already, does it go fully?",),
        ("my back aches since stopping", "its already a lot better now, will it go completely?"),
    ],
)
def test_a_question_about_a_back_getting_better_does_not_add_up_to_a_soon_flag(detector, messages):
    assert tier(detector, *messages) in ("none", "info"), messages


def test_a_soon_concern_still_adds_up_across_sentences_when_it_is_not_easing(detector):
    assert tier(detector, "my back still aches. stopped accutane 2 months ago.") == "soon"


@pytest.mark.parametrize(
    "messages",
    [
        # A bare Fahrenheit number after a turn that set up a temperature, back pain before.
        ("my lower back is really sore", "hang on let me take my temperature", "102.4"),
        ("back has been aching for days", "checked my temp just now", "its 101.3"),
        # The second leg going the way of the first: both legs.
        ("my left leg has gone numb and my back hurts", "now the other leg feels numb too"),
        ("my right leg has been weak since this morning", "the other one is going as well"),
    ],
)
def test_a_red_flag_finished_in_a_later_turn_is_an_emergency(detector, messages):
    assert tier(detector, *messages) == "emergency", messages


@pytest.mark.parametrize(
    "messages",
    [
        ("my back hurts", "102.4"),  # nothing said it was a temperature
        ("my back hurts", "took my temp", "37.1"),  # a normal temperature
        ("took my temp, all normal", "how long does the ache last?"),
        ("my left leg is numb", "the other leg is fine though"),
        ("my sciatica is in my left leg", "now it has moved to the other leg"),
    ],
)
def test_a_later_turn_that_does_not_finish_a_red_flag_stays_calm(detector, messages):
    assert tier(detector, *messages) != "emergency", messages


def test_nights_without_sleep_for_the_pain_is_severe_pain_across_turns(detector):
    told = ("my back is awful at night since starting this", "3 nights now i have not slept because of the pain")
    assert tier(detector, *told) == "urgent"
    assert "severe_pain" in across_turns(detector, detector.detect(told[1]), [detector.detect(told[0])]).flags
    # Sleep lost to something else, or no back pain at all, is not the back pain's severity.
    baby = "i have not slept much because of the baby, my back is a bit stiff"
    assert tier(detector, baby) not in ("urgent", "emergency")
    assert tier(detector, "3 nights now i have not slept because of exams") == "none"
