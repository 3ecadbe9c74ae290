"""Over-triage and false alarms of stop 28 (informed f13/f14), each kind on the team's own
wordings: a leaflet's symptoms not had, a symptom long past that a clinician checked, one that
came and went with an obvious cause, a resolved depression, a pain easing, a low lab value, a
question about stopping. Each is proved both ways: a present red flag in the same message keeps
its tier."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns

ACT_NOW = ("emergency", "urgent")
ESCALATING = ("emergency", "urgent", "soon")


@pytest.mark.parametrize(
    "message",
    [
        # read about, and "neither" had
        "the leaflet says back pain and blurred vision, i have neither, just dry lips. is that ok?",
        "derm warned me about numbness and bladder issues, ive had neither so far, can i still lift?",
        "leaflet mentions chest pain or trouble breathing, i have got neither of those, is mild back ache common?",
        # long past, and checked by a clinician
        "had chest pain after football last month, gp checked me, all fine. can i keep playing?",
        "got chest tightness in the gym a few weeks ago, doctor checked me over and said it was nothing, ok to lift?",
        # came and went, with an obvious cause, asked about
        "my legs went numb sitting cross legged but the feeling came back after a few mins, is that accutane?",
        "bum went a bit numb on the toilet, feeling came back when i stood up, normal?",
        "groin went tingly on a long bike ride, wore off after 10 minutes, accutane thing?",
        # a depression that is over, with a question
        "had depression a couple of yrs ago, all good now. can i start roaccutane?",
        "was treated for depression 3 yrs ago, all fine now, is isotretinoin safe for me?",
        # a pain easing
        "back pain was 7/10 a couple of weeks ago now its like 3, getting better. can i go back to the gym?",
        "ache was 9/10 last week, now like 1, improving. keep taking it?",
        # a low lab value
        "my vitamin d levels came back low, ok to take supplements with accutane?",
        "gp said im low on iron, can i take iron tablets on roaccutane?",
        "should i take b12 with isotretinoin? my level was low",
        # a question about stopping
        "my boyfriend wants me to stop accutane because of my back, should i?",
        "dad thinks i should quit roaccutane cos my back aches, should i?",
    ],
)
def test_these_questions_are_not_escalated(detector, message):
    finding = across_turns(detector, detector.detect(message), [])
    assert finding.tier not in ESCALATING, message


@pytest.mark.parametrize(
    ("message", "tier"),
    [
        (
            "leaflet lists chest pain and numbness, i have neither, but right now my chest is really tight and i cant "
            "breathe",
            "emergency",
        ),
        (
            "the leaflet lists numbness in the groin, i have neither of those, but since this morning i cant "
            "feel my bum and cant pee",
            "emergency",
        ),
        (
            "had chest tightness last month, doctor checked me, all fine, but now i have crushing chest pain again",
            "emergency",
        ),
        ("doctor checked me last week and said it was fine but right now my chest is really tight", "emergency"),
        (
            "my bum went numb on a bike ride and the numbness came back after 10 mins and is still there, is that "
            "accutane?",
            "emergency",
        ),
        ("my bum went numb on a bike ride, it came back after 10 mins but now i cant pee", "emergency"),
        ("i had depression 2 yrs ago and its back now, i feel hopeless, is accutane ok?", "urgent"),
        ("had depression 2 yrs ago, its come back and i feel hopeless, is accutane ok?", "urgent"),
        ("had depression 2 yrs ago, all good now, but lately i want to kill myself", "emergency"),
        ("pain was 8/10 last week now its like 2 but i cant feel my legs, carry on?", "emergency"),
        ("my vitamin d levels were low and i feel really low and hopeless all the time", "urgent"),
        ("gp said im low on vitamin d, and i keep thinking about killing myself", "emergency"),
        ("im 100.0 on the scale and i want to kill myself", "emergency"),
        ("i cut my arm on purpose last night", "emergency"),
    ],
)
def test_a_present_red_flag_beside_them_still_escalates(detector, message, tier):
    assert detector.detect(message).tier == tier, message


def test_a_back_still_hurting_months_after_stopping_is_still_reported(detector):
    message = "i stopped accutane 2 months ago and my back still hurts every day"
    finding = across_turns(detector, detector.detect(message), [])
    assert finding.tier in ("soon", "urgent")


def test_losing_weight_on_purpose_is_not_self_harm(detector):
    finding = detector.detect("lost weight on purpose for the summer, does weight matter for back pain?")
    assert "self_harm" not in finding.flags


@pytest.mark.parametrize(
    "message",
    [
        "the pins and needles came back in my groin as soon as i sat down",
        "my bum went numb, it went away, but it came back after 10 mins and is still there",
        "the numb feeling came back in my bum after the ride and its still there",
    ],
)
def test_a_numbness_that_came_back_is_still_an_alarm(detector, message):
    assert detector.detect(message).tier == "emergency", message


def test_a_back_still_hurting_since_quitting_is_still_reported(detector):
    message = "i quit accutane 2 months ago and my back has hurt for weeks since"
    assert across_turns(detector, detector.detect(message), []).tier in ("soon", "urgent")


@pytest.mark.parametrize(
    "message",
    [
        # a time that dates something else in the sentence is not a past episode
        "my period is a week late and i missed a pill last month, im on accutane, could i be pregnant?",
        "the condom broke a few weeks ago and my period hasnt come, on roaccutane, am i pregnant?",
    ],
)
def test_a_possible_pregnancy_dated_last_month_is_still_urgent(detector, message):
    assert detector.detect(message).tier in ACT_NOW, message


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("is vitamin d ok to take on accutane? gp said im low", "low_value"),
        ("should i take vitamin d with accutane for my back? my levels were low", "low_value"),
        ("my girlfriend wants me to quit roaccutane cos of my back, should i?", "proposed_stop"),
    ],
)
def test_words_read_as_harmless_are_set_aside_so_the_classifier_cannot_raise_them(detector, message, reason):
    # The gate trusts the classifier's escalation only when the detector set nothing aside.
    assert reason in detector.detect(message).set_aside, message
