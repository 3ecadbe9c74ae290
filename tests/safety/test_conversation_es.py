"""Spanish red flags told in parts across turns (isobot/safety/conversation.py): a fever said
in words and then as a number alone still adds up with the back pain told before it."""

from __future__ import annotations

import pytest

from isobot.safety.conversation import across_turns
from isobot.safety.detector import RedFlagDetector


def _tier(detector: RedFlagDetector, *messages: str) -> str:
    *earlier, last = messages
    return across_turns(detector, detector.detect(last), [detector.detect(m) for m in earlier]).tier


@pytest.mark.parametrize(
    "messages",
    [
        ("me duele la cintura", "tmb tengo fiebre", "38.7"),
        ("dolor de espalda baja desde ayer", "y creo q tengo calentura", "38,9"),
        ("me duele la espalda al agacharme", "ando con fiebre", "39.4"),
    ],
)
def test_a_fever_number_sent_alone_after_the_fever_still_adds_up_with_back_pain(detector_es, messages):
    assert _tier(detector_es, *messages) == "emergency", messages


def test_an_old_flag_is_not_sent_again_for_a_message_that_adds_none_of_it(detector_es):
    assert _tier(detector_es, "me duele la espalda y tengo fiebre", "cuanto dura normalmente?") == "none"
