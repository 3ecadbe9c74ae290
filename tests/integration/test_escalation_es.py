"""Spanish red flags over REST escalate in Spanish, the number and instruction first, with
the action server down too; English conversations keep the English text."""

from __future__ import annotations

import pytest

from tests.conftest import Chat


def spanish_text(catalogue, escalation_id: str) -> str:
    return catalogue.escalations[escalation_id].translations["es"].text.format(**catalogue.region_numbers(None, "es"))


def english_text(catalogue, escalation_id: str) -> str:
    return catalogue.escalations[escalation_id].text.format(**catalogue.region_numbers(None))


SPANISH_EMERGENCIES = [
    ("no siento las nalgas y me orino encima", "cauda_equina"),
    ("se me doblan las piernas y no las siento bien", "bilateral_leg_weakness"),
    ("ya no quiero vivir, estoy pensando en quitarme la vida", "self_harm"),
    ("tengo fiebre alta y me duele mucho la espalda", "infection"),
]


def test_a_spanish_cauda_equina_report_gets_the_spanish_escalation_first_with_911(rasa_without_actions, catalogue):
    texts = Chat(rasa_without_actions.url).texts("no siento las nalgas y me orino encima")
    assert texts and texts[0] == spanish_text(catalogue, "cauda_equina")
    assert texts[0].startswith("**Llame al 911")


@pytest.mark.parametrize("message, escalation", SPANISH_EMERGENCIES)
def test_spanish_emergencies_escalate_in_spanish_with_the_action_server_down(
    rasa_without_actions, catalogue, message, escalation
):
    texts = Chat(rasa_without_actions.url).texts(message)
    assert texts and texts[0] == spanish_text(catalogue, escalation)


def test_the_spanish_crisis_line_names_988s_spanish_option(rasa_without_actions):
    texts = Chat(rasa_without_actions.url).texts("me quiero morir, ya no aguanto la vida")
    assert "988" in texts[0] and "oprima 2" in texts[0]


def test_an_english_red_flag_after_spanish_small_talk_is_answered_in_english(rasa_without_actions, catalogue):
    chat = Chat(rasa_without_actions.url)
    chat.send("hola")
    texts = chat.texts("i can't feel my bum and i've wet myself")
    assert texts and texts[0] == english_text(catalogue, "cauda_equina")
