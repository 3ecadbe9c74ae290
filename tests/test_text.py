"""Input normalisation: any string in, predictable text out (what the classifiers and detector read)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from isobot.text import LONG_RUN, looks_non_english, normalise, without_lone_surrogates

ANY_CODE_POINT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)  # surrogates too


@settings(max_examples=300, deadline=None)
@given(text=ANY_CODE_POINT)
def test_any_string_normalises_to_encodable_text(text):
    normalise(text).encode("utf-8")  # raises if a lone surrogate got through


def test_a_lone_surrogate_becomes_the_replacement_character():
    assert without_lone_surrogates("\udfffx hi") == "\ufffdx hi"
    assert without_lone_surrogates("emoji 😀 stays") == "emoji 😀 stays"


def test_long_runs_without_spaces_are_broken_but_words_are_not():
    assert max(len(chunk) for chunk in normalise("!" * 10_000).split()) == LONG_RUN
    assert normalise("I can't feel my legs!!!") == "i can not feel my legs!!!"


def test_a_red_flag_after_thousands_of_emoji_is_still_found(detector):
    assert detector.detect("😭" * 5000 + " my legs keep giving way").tier == "emergency"


def test_spanish_comes_through_normalisation_as_typed_but_lower_case():
    # The English contraction rules must not touch Spanish: accents, ñ, ¿¡ and texting
    # abbreviations reach the classifier as the patient wrote them.
    for text in ["¿Qué tal? ¡Hola!", "me duele la espalda xq tomo roacután", "hace un año q lo tomo, pa'l dolor q?"]:
        assert normalise(text) == text.lower()
        assert not looks_non_english(normalise(text))
