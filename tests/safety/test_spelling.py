"""The detector's typo pass (isobot/safety/spelling.py): a misspelt negative contraction keeps
its negation, and an ordinary word of the same shape is left as written."""

from __future__ import annotations

import pytest

from isobot.safety.spelling import Speller
from isobot.text import NEGATIVE_CONTRACTIONS

KNOWN = frozenset({"parent", "want", "went", "done", "dint", "scant", "dent"})


@pytest.fixture(scope="module")
def speller():
    return Speller(["bladder", "numbness"], KNOWN, NEGATIVE_CONTRACTIONS)


@pytest.mark.parametrize(
    "typo, meant",
    [("cnat", "can not"), ("dnot", "do not"), ("dindt", "did not"), ("wasn", "was not"), ("cantt", "can not")],
)
def test_a_swapped_dropped_or_doubled_letter_in_a_negative_is_the_negative(speller, typo, meant):
    assert speller.correct(typo) == meant


@pytest.mark.parametrize("word", sorted(KNOWN) + ["wint", "dong"])
def test_a_known_word_or_a_substitution_is_never_read_as_a_negative(speller, word):
    assert " not" not in str(speller.correct(word))


def test_a_language_without_contractions_reads_none(speller):
    assert Speller(["vejiga"], frozenset(), {}).correct("cnat") is None


@pytest.mark.parametrize(
    "message",
    ["i cnat feel my legs and my back is agony", "my back is killing me and i cnat feel my bum when i wipe"],
)
def test_a_red_flag_with_a_misspelt_contraction_is_still_an_emergency(detector, message):
    assert detector.detect(message).tier == "emergency"


def test_the_same_message_with_a_real_word_for_the_typo_is_not_read_as_loss_of_feeling(detector):
    assert detector.detect("i went to feel my legs after the gym and my back is sore").tier != "emergency"
