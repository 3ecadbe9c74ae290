"""Spanish answers over REST against the real Rasa and action servers: once a message is
confidently Spanish (the SafetyGate sets the `language` slot), the catalogue answer arrives in
Spanish with its Spanish provenance, and the "did you mean" buttons are titled in Spanish.
Intent payloads pick the entry, so the test does not depend on Spanish NLU (another branch).
Rate limits: the servers run with tests/servers.py's generous limits."""

from __future__ import annotations

from tests.conftest import Chat

# Confidently Spanish (py3langid, at least three words) and free of any red flag.
SPANISH_OPENING = "buenas tardes, quisiera saber algo sobre mi tratamiento para el acné"


def test_a_spanish_conversation_gets_the_spanish_answer_and_spanish_topic_buttons(rasa_server, catalogue):
    chat = Chat(rasa_server.url)
    chat.send(SPANISH_OPENING)
    answer = catalogue.answers["causes_overview"]
    reply = chat.send("/ask_causes")
    [message] = [m for m in reply if m.get("text") == answer.translations["es"].text]
    assert message["custom"]["lang"] == "es"
    provenance = message["custom"]["provenance"]
    assert provenance["id"] == "causes_overview" and provenance["language"] == "es"
    assert provenance["translation"] == "sign-off pending" and provenance["source_line"].startswith("Fuente: ")
    assert not any(m.get("text") == answer.text for m in reply)  # not the English text as well

    offer = chat.send("/nlu_fallback")
    titles = [b["title"] for m in offer for b in m.get("buttons") or []]
    assert titles == [catalogue.answers[t].translations["es"].label for t in catalogue.default_topics]
    assert "Por qué puede causar dolor de espalda" in titles


def test_an_english_conversation_keeps_the_english_answer_and_titles(rasa_server, catalogue):
    chat = Chat(rasa_server.url)
    reply = chat.send("/ask_causes")
    [message] = [m for m in reply if m.get("text") == catalogue.answers["causes_overview"].text]
    assert "lang" not in message["custom"] and "language" not in message["custom"]["provenance"]
    titles = [b["title"] for m in chat.send("/nlu_fallback") for b in m.get("buttons") or []]
    assert titles == [catalogue.answers[t].label for t in catalogue.default_topics]
