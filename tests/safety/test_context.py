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


@pytest.mark.parametrize(
    "message, tier",
    [
        # A bare "down to" was read as a recovery ("temp is down to normal") and set them aside.
        ("after 100 metres i have to squat down to get the feeling back in both legs", "emergency"),
        ("the shooting pain down my leg is getting worse, now it is down to my foot", "urgent"),
        # A daily pattern is present even when each day it eases: "then fine by lunch".
        ("every morning my back is so stiff it takes an hour to loosen up, then fine by lunch", "urgent"),
        # Someone as the object of the writer's verb does not make it someone else's symptom.
        ("can not enjoy anything and do not want to see anyone, feel flat all the time", "urgent"),
        # A general question tagged on after the symptom was told asks about the writer's own.
        ("waking at night with bad back pain, is it normal?", "urgent"),
        ("back pain is my worst side effect, mostly at night", "urgent"),
        # "mine" after a question claims the symptom asked about.
        ("does accutane back pain come from the nerves? mine is worst at night", "urgent"),
    ],
)
def test_a_cue_reaches_only_as_far_as_its_scope(detector, message, tier):
    assert detector.detect(message).tier == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "my temp was 38.5 yesterday but it is down to normal now and my back is fine",
        "my friend says her back pain is worst every morning, is that common?",
        "is it normal to have back pain at night on accutane?",
        "should i stop accutane because of my back or push through",
        "shud i quit tane cos of my back",
        "can it make your legs numb? mine are fine",
        "does back pain at night mean something serious? my friend gets it",
    ],
)
def test_the_narrowed_scopes_still_set_aside_what_they_should(detector, message):
    assert detector.detect(message).tier in ("info", "none"), message


@pytest.mark.parametrize(
    "message",
    [
        "got pancreatitis from gallstones about six years ago, nothing since. is accutane safe for me?",
        "i had a bad low patch at uni years ago, none since. can roaccutane bring it back?",
        "my crohns has been in remission since 2019, does accutane affect the gut?",
        "had a kidney stone a few years back, been fine ever since. does isotretinoin cause stones?",
    ],
)
def test_an_episode_over_with_nothing_since_is_set_aside(detector, message):
    assert detector.detect(message).tier not in ("emergency", "urgent"), message


@pytest.mark.parametrize(
    "message, tier",
    [
        (
            "had pancreatitis years ago, nothing since, but tonight my upper stomach is agony and i keep vomiting",
            "emergency",
        ),
        ("my colitis was in remission but today there is blood in my poo again", "urgent"),
    ],
)
def test_a_present_flag_beside_an_episode_over_still_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message
