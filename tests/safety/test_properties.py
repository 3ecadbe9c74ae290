"""Property tests: the detector answers any input, and context around a red flag cannot hide it."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isobot.safety.rules import TIERS

RED_FLAGS = [
    "i can't feel my bum when i wipe",
    "my legs keep giving way",
    "i wet myself and didn't notice",
    "i want to kill myself",
    "my throat is closing up",
    "crushing pain in my chest",
]
# Ordinary sentences a patient might put before or after a red flag.
FILLER = st.sampled_from([
    "hi", "how common is back pain on accutane?", "my skin is clearing up nicely", "not sure if this matters",
    "no idea what's going on", "i stretch every day", "sorry for the long message", "thanks",
])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_unicode_string_gets_a_tier(detector, text):
    assert detector.detect(text).tier in TIERS


@SETTINGS
@given(before=st.lists(FILLER, max_size=3), flag=st.sampled_from(RED_FLAGS), after=st.lists(FILLER, max_size=3))
def test_ordinary_sentences_around_a_red_flag_never_hide_it(detector, before, flag, after):
    message = ". ".join([*before, flag, *after])
    assert detector.detect(message).tier == "emergency", message


@SETTINGS
@given(flag=st.sampled_from([f for f in RED_FLAGS if f.startswith(("i ", "my "))]),
       prefix=st.sampled_from(["no ", "no, ", "no. ", "No!! "]))
def test_a_stray_no_in_front_does_not_lower_the_tier(detector, flag, prefix):
    """ "no, i can't feel my bum" is still the symptom. ("no crushing pain in my chest" is an
    explicit, scoped denial, which may lower the tier: see test_detector.py.)"""
    assert detector.detect(prefix + flag).tier == "emergency"
