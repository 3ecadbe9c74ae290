"""web/rasa_client.py: a turn read from Rasa's REST reply alone (the "forget me" confirmation, or
a tracker that can't be read) keeps each response's language for the widget."""

from __future__ import annotations

from web.rasa_client import _as_sent


def test_a_reply_read_from_rest_alone_keeps_each_responses_language():
    # Rasa's REST channel: a response's paragraphs, then its `custom` as a message of its own.
    sent = [
        {"recipient_id": "r", "text": "Listo: esta conversación se ha borrado."},
        {"recipient_id": "r", "text": "Si vuelve a escribir, empezaremos de nuevo."},
        {"recipient_id": "r", "custom": {"lang": "es", "provenance": {"kind": "answer"}}},
        {"recipient_id": "r", "text": "Done."},
    ]
    turn = _as_sent("olvídame", sent, "erased")
    bots = [m for m in turn if m["role"] == "bot"]
    assert [m["text"] for m in bots] == [
        "Listo: esta conversación se ha borrado.",
        "Si vuelve a escribir, empezaremos de nuevo.",
        "Done.",
    ]
    assert [m.get("custom") for m in bots] == [{"lang": "es"}, {"lang": "es"}, None]
    assert all(m["kind"] == "erased" for m in bots)


def test_a_language_that_is_not_a_code_is_not_passed_on():
    sent = [{"text": "Hola."}, {"custom": {"lang": 'es" onload="x'}}]
    bots = [m for m in _as_sent("hola", sent, None) if m["role"] == "bot"]
    assert "custom" not in bots[0]
