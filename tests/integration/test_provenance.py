"""Provenance over REST, against the real servers: every catalogue answer and escalation reply
carries `custom.provenance` in the same message object as its text, with the action server up
and with it down. Rate limits: the servers run with tests/servers.py's generous limits."""

from __future__ import annotations

import json

import pytest

from isobot import settings
from isobot.content.text_checks import collapse_whitespace
from tests.conftest import Chat
from tests.test_provenance import ANSWER_FIELDS, ESCALATION_FIELDS

# The intent under which each topic entity picks its entry (content/answers.yml: entity_intents).
ENTITY_INTENT = {"mechanism": "ask_causes", "strategy": "ask_management"}


def payload_for(answer) -> list[str]:
    """Messages that reach `answer` with no guessing by the classifier: intent payloads, or the
    guided check answered "No" three times for the entry only it reaches."""
    if answer.entities:
        entity, value = answer.entities[0]
        return ["/" + ENTITY_INTENT[entity] + json.dumps({entity: value})]
    if answer.intents:
        return ["/" + answer.intents[0]]
    assert answer.reached_by == ("screening_all_clear",)
    return ["my back hurts", "/deny", "/deny", "/deny"]


def replies_to(chat: Chat, messages: list[str]) -> list[dict]:
    for message in messages[:-1]:
        chat.send(message)
    return chat.send(messages[-1])


def test_every_catalogue_answer_carries_its_provenance_in_the_same_message(rasa_server, catalogue):
    article = collapse_whitespace(settings.ARTICLE.read_text(encoding="utf-8"))
    for answer in catalogue.answers.values():
        reply = replies_to(Chat(rasa_server.url), payload_for(answer))
        [message] = [m for m in reply if m.get("text") == answer.text]  # the answer whole, in one object
        provenance = message["custom"]["provenance"]
        assert set(provenance) == ANSWER_FIELDS, answer.id
        assert provenance["id"] == answer.id and provenance["kind"] == "answer"
        assert provenance["section"] == answer.section and provenance["reviewer"] == answer.review.reviewer
        assert provenance["reviewed_on"] == answer.review.date and provenance["version"] == answer.review.version
        for quote in provenance["quotes"]:
            assert collapse_whitespace(quote) in article, (answer.id, quote)
        assert provenance["source_line"].startswith(f"Source: {provenance['article_title']}")
        # Nothing arrives as a bare custom object (Rasa's own REST channel would send one).
        assert all("text" in m for m in reply), reply


@pytest.mark.parametrize("which", ["action server up", "action server down"])
def test_an_escalation_reply_carries_its_sources_and_sign_off(which, rasa_server, rasa_without_actions, catalogue):
    server = rasa_server if which == "action server up" else rasa_without_actions
    reply = Chat(server.url).send("both my legs feel weak and tingly")
    first = reply[0]
    message = catalogue.escalations["bilateral_leg_weakness"]
    assert first["text"] == message.text.format(**catalogue.region_numbers(None))
    provenance = first["custom"]["provenance"]
    assert set(provenance) == ESCALATION_FIELDS
    assert provenance["id"] == "bilateral_leg_weakness" and provenance["kind"] == "escalation"
    assert [(s["title"], s["url"]) for s in provenance["sources"]] == [(s["title"], s["url"]) for s in message.sources]
    assert provenance["sources"][0]["title"] == "NHS: Cauda equina syndrome"
    assert provenance["sign_off"] == {"status": "pending", "by": None, "on": None}
    assert provenance["source_line"].endswith("clinical sign-off pending.")


def test_the_red_flag_information_names_its_sources_too(chat):
    reply = chat.send("which symptoms would mean I need the ER?")
    provenance = next(m["custom"]["provenance"] for m in reply if m.get("custom"))
    assert provenance["kind"] == "escalation" and provenance["id"] == "red_flags_info"
    assert "FDA Accutane (isotretinoin) prescribing information" in [s["title"] for s in provenance["sources"]]
