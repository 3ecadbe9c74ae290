"""A patient never gets silence: when a turn fails, the apology says how to get help."""

from __future__ import annotations

import time

from isobot.channels.turn import apology_text
from tests.conftest import Chat


def test_a_question_with_the_action_server_down_gets_the_apology_fast(rasa_without_actions):
    chat = Chat(rasa_without_actions.url)
    started = time.monotonic()
    texts = chat.texts("how common is back pain on accutane?")
    assert time.monotonic() - started < 5
    assert texts == [apology_text()]
    assert "emergency" in texts[0]


def test_a_spanish_question_with_the_action_server_down_gets_the_apology_in_spanish(rasa_without_actions):
    texts = Chat(rasa_without_actions.url).texts("¿es normal que me duela la espalda con la isotretinoína?")
    assert texts == [apology_text("es")]
    assert "emergencia" in texts[0]


def test_escalations_do_not_get_the_apology_tacked_on(rasa_without_actions):
    texts = Chat(rasa_without_actions.url).texts("my legs keep giving way")
    assert len(texts) == 1 and "911" in texts[0]
