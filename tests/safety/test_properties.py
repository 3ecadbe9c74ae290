"""Property tests: the detector answers any input, and context around a red flag cannot hide it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isobot.safety.tiers import TIERS

RED_FLAGS = [
    "i can't feel my bum when i wipe",
    "my legs keep giving way",
    "i wet myself and didn't notice",
    "i want to kill myself",
    "my throat is closing up",
    "crushing pain in my chest",
]
# Ordinary sentences a patient might put before or after a red flag.
FILLER = st.sampled_from(
    [
        "hi",
        "how common is back pain on accutane?",
        "my skin is clearing up nicely",
        "not sure if this matters",
        "no idea what's going on",
        "i stretch every day",
        "sorry for the long message",
        "thanks",
    ]
)
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
@given(
    flag=st.sampled_from([f for f in RED_FLAGS if f.startswith(("i ", "my "))]),
    prefix=st.sampled_from(["no ", "no, ", "no. ", "No!! "]),
)
def test_a_stray_no_in_front_does_not_lower_the_tier(detector, flag, prefix):
    """ "no, i can't feel my bum" is still the symptom. ("no crushing pain in my chest" is an
    explicit, scoped denial, which may lower the tier: see test_detector.py.)"""
    assert detector.detect(prefix + flag).tier == "emergency"


# -- misspellings ---------------------------------------------------------------------------
# Real typos drop or double a letter, or swap two; patients make them in two words of one phrase.
TYPO_FLAGS = [
    "numbness in my groin and my back hurts",
    "my legs keep giving way and my back is sore",
    "sudden blurred vision and the worst headache",
    "i want to kill myself",
    "swelling in my throat and trouble breathing",
]
ORDINARY = [
    "how common is back pain on accutane",
    "which stretches are good for my lower back",
    "can i still go to the gym on roaccutane",
    "does posture make the back pain worse",
    "will the ache go away after i stop",
]


def _typo(word: str, kind: str, at: int) -> str:
    at = 1 + at % (len(word) - 2)  # never the first or last letter: patients rarely miss those
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _misspell(message: str, picks, kinds) -> str:
    """One typo in each of two different words (of six letters or more)."""
    words = message.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 6]
    chosen = list(dict.fromkeys(long_words[p % len(long_words)] for p in picks)) if long_words else []
    for i, pick, kind in zip(chosen, picks, kinds):
        words[i] = _typo(words[i], kind, pick)
    return " ".join(words)


TYPOS = st.lists(st.integers(0, 50), min_size=2, max_size=2)
KINDS = st.lists(st.sampled_from(["drop", "double", "swap"]), min_size=2, max_size=2)


@SETTINGS
@given(flag=st.sampled_from(TYPO_FLAGS), picks=TYPOS, kinds=KINDS)
def test_a_red_flag_with_a_typo_in_two_words_is_still_caught(detector, flag, picks, kinds):
    message = _misspell(flag, picks, kinds)
    assert detector.detect(message).tier == "emergency", message


@SETTINGS
@given(message=st.sampled_from(ORDINARY), picks=TYPOS, kinds=KINDS)
def test_an_ordinary_question_with_typos_never_becomes_an_alarm(detector, message, picks, kinds):
    typed = _misspell(message, picks, kinds)
    assert detector.detect(typed).tier in ("none", "info"), typed
