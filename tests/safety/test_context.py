"""ConText on real language: each cue sets a red flag aside only within its scope, and never
when a present red flag is stated too."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "message",
    [
        "broke a vertebra in a car crash 5 years ago, fully healed, no probs since. will accutane be ok for my back?",
        "had pins and needles in my foot for a few mins yesterday after sitting cross legged, gone now. normal?",
        "my legs went numb after sitting on the toilet too long, went away when i stood up",
        "the list of side effects scared me: numbness, blurred vision, stomach pain going to the back. "
        "i have none of those",
        "read that it can cause numbness and bladder problems but i haven't had any of that, "
        "just wondering how rare it is",
        "nearly had a heart attack at the pharmacy counter when i saw what it costs",
        "no fever, no numbness, no weakness in my legs. just a dull ache low down on both sides. what helps most?",
        "is running ok on accutane? training for a 10k and my back tightens up around km 6",
    ],
)
def test_healed_gone_read_about_and_figures_of_speech_do_not_alarm(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        (
            "read about numbness on the leaflet and i have none of that, but since this morning i can't feel my bum",
            "emergency",
        ),
        ("my back injury healed years ago but today i fell down the stairs and my back is agony", "emergency"),
        ("my son is on accutane, his back got much worse overnight and now he says both legs are weak", "emergency"),
        ("my daughter on roaccutane says her lips and eyes are puffing up", "emergency"),
        ("my wife told me tonight she doesn't want to be alive. she's locked in the bathroom", "emergency"),
        ("stopped roaccutane 3 months ago and the lower back ache never went away", "soon"),
    ],
)
def test_a_present_red_flag_still_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "my brother got really low on accutane, does that happen?",
        "can accutane make your legs numb?",
        "is numbness down there a sign of something serious?",
    ],
)
def test_questions_about_a_symptom_are_information(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message, escalation",
    [
        ("suddenly can't see out of my right eye, like a curtain came down", "vision_loss"),
        ("woke up and half the vision in one eye is just gone", "vision_loss"),
        ("left foot slapping the floor when i walk since yesterday, back pain", "one_leg_weakness"),
        ("my right leg is dragging and my toes catch on the floor", "one_leg_weakness"),
        ("wrote letters to my family tonight. think i'm done with everything", "self_harm"),
        ("been stockpiling my sleeping tablets in a drawer just in case", "self_harm"),
    ],
)
def test_flags_from_the_label_and_guidelines(detector, message, escalation):
    assert detector.detect(message).escalation == escalation, message
