"""False alarms, over-triage and misses of stop 29 (the informed corpus part, English), each kind
on the team's own wordings: a brief numbness that went within minutes, an illness named as where
a story began, an organ only asked about, a dark pee cleared by drinking, a friend's one-time
episode, a last dose still to come, the time on the drug, and a missed pill asked about as a
pregnancy risk. Each is proved both ways: the red flag told now keeps its tier."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns

ACT_NOW = ("emergency", "urgent")
ESCALATING = ("emergency", "urgent", "soon")


def tier_of(detector, message: str) -> str:
    return across_turns(detector, detector.detect(message), []).tier


@pytest.mark.parametrize(
    "message",
    [
        # a brief numbness after a long ride or drive, gone within minutes, asked about
        "bum went numb after a long drive, went after a few minutes. is that normal on accutane?",
        "my groin was tingly after a 2 hour ride, gone after a few mins, should i worry?",
        # an illness named as where the story began, its symptoms denied
        "since my pancreatitis last year im scared of every back ache. on roaccutane now, back aches at my desk, "
        "no tummy pain or sickness. normal?",
        "after my pancreatitis i worry a lot. my back is a bit sore from work, no stomach pain. is this usual?",
        # an organ only asked about, its signs denied
        "no yellow skin, no dark wee, just a sore back. does the ache mean my liver is in trouble?",
        # a dark pee explained by not drinking, clear again
        "wee was dark when i woke up, had not had a drink all night, its clear now after a litre of water. normal?",
        "my urine looked dark earlier but i was dehydrated, pee is clear now. does accutane do that?",
        # a friend's one-time episode, asked about before starting
        "my sister told me her legs gave way once, is that something accutane does? i start next week",
        "my friend said both his legs went numb on a coach trip once, thats not from roaccutane is it?",
        # a last dose still to come
        "last pill is on sunday!! how long until my back stops aching",
        "my final dose will be next week, when will my back stop being stiff?",
    ],
)
def test_these_are_not_an_alarm(detector, message):
    assert tier_of(detector, message) not in ACT_NOW, message


@pytest.mark.parametrize(
    "message",
    [
        "last pill is on sunday!! how long until my back stops aching",
        "my final dose will be next week, when will my back stop being stiff?",
        "last dose is tomorrow, how long till my back stops being stiff",
    ],
)
def test_a_last_dose_still_to_come_is_not_back_pain_after_stopping(detector, message):
    assert tier_of(detector, message) not in ESCALATING, message


@pytest.mark.parametrize(
    "message",
    [
        "end of month 3 on accutane, face much better, muscles ache after the gym and still sore next day. keep going?",
        "into month 2 of roaccutane, my shoulders ache after training and are still sore on rest days",
    ],
)
def test_the_time_on_the_drug_is_not_how_long_the_pain_has_lasted(detector, message):
    finding = across_turns(detector, detector.detect(message), [])
    assert "persistent_pain" not in {h.flag for h in finding.hits}, message
    assert finding.tier not in ACT_NOW, message


@pytest.mark.parametrize(
    ("message", "tier"),
    [
        # the brief numbness back, with the bladder
        (
            "my bum went numb after a long ride, it went after a few mins but now its numb again and i cant pee",
            "emergency",
        ),
        # the named illness back, or its symptoms told now
        (
            "ever since my pancreatitis i worry, and now i have severe stomach pain going through to my back and "
            "im vomiting",
            "emergency",
        ),
        ("i think my pancreatitis is back", "emergency"),
        # the organ asked about, with its sign told
        ("my eyes have gone yellow, does that mean my liver is struggling?", "urgent"),
        ("does the back pain mean my liver is struggling? my pee is dark brown", "urgent"),
        # a dark pee not cleared, or cleared before it went dark
        ("my pee is really dark today even though i have drunk loads of water", "urgent"),
        ("my pee was clear yesterday, now it is dark brown", "urgent"),
        ("my skin is clear now but my pee is dark brown", "urgent"),
        # a yellow eye beside a cleared pee still fires
        ("my pee is clear now after drinking but the whites of my eyes are yellow", "urgent"),
        # the friend's episode now, or once and still
        ("my friend says both her legs have gone dead right now", "emergency"),
        ("my friend said both her legs went dead once and they still are, what do we do", "emergency"),
        ("once she stands up her legs go numb and give way, my mum is on accutane", "emergency"),
        # a missed pill asked about as a pregnancy risk
        ("i forgot my pill two times this month on accutane, am i at risk?", "urgent"),
        ("missed a pill last week while on roaccutane, could i be pregnant?", "urgent"),
    ],
)
def test_the_red_flag_told_now_keeps_its_tier(detector, message, tier):
    assert tier_of(detector, message) == tier, message


@pytest.mark.parametrize(
    "message",
    [
        "last pill was on sunday and my back still aches, will it stop?",
        "took my last dose a month ago and my back still hurts",
        "my last dose was a month ago and my back still hurts",
    ],
)
def test_a_last_dose_taken_still_counts_as_stopped(detector, message):
    finding = across_turns(detector, detector.detect(message), [])
    assert finding.tier in ESCALATING, message
    assert "persistent_after_stopping" in {h.flag for h in finding.hits}, message


@pytest.mark.parametrize(
    "message",
    [
        "if i missed a pill on accutane, am i at risk?",
        "what happens if you miss your contraceptive on isotretinoin?",
    ],
)
def test_a_missed_pill_only_supposed_is_not_urgent(detector, message):
    assert tier_of(detector, message) not in ACT_NOW, message


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            "after my pancreatitis i worry a lot. my back is a bit sore from work, no stomach pain. is this usual?",
            "history_named",
        ),
        ("no yellow skin, no dark wee, just a sore back. does the ache mean my liver is in trouble?", "organ_asked"),
    ],
)
def test_the_named_illness_or_organ_is_set_aside_for_the_net(detector, message, kind):
    # Set aside, the learned net does not add an escalation over it (isobot/safety/learned_net.py adds).
    assert kind in detector.detect(message).set_aside, message
