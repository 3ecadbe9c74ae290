"""After a clearly Spanish message the conversation goes on in Spanish over REST: the
greeting, the scope reply and the guided check, with Spanish buttons that do what the
English ones do. The lines are read from content/, so the test checks what a patient sees."""

from __future__ import annotations

from isobot import settings
from isobot.content.screening import load_screening
from isobot.content.translated_responses import spanish_responses
from tests.conftest import Chat

# Confidently Spanish for py3langid (confidence 1.0, more than three words) and no red flag.
CLEARLY_SPANISH = "buenas tardes, tengo una pregunta sobre mi tratamiento"


def test_after_a_spanish_message_the_greeting_scope_reply_and_guided_check_come_in_spanish(rasa_server, catalogue):
    spanish = spanish_responses().responses
    screening = load_screening(settings.SCREENING, catalogue)
    check = screening.translations["es"]
    chat = Chat(rasa_server.url)
    chat.send(CLEARLY_SPANISH)

    assert chat.texts("/greet") == [spanish["utter_greet"].text]
    scope = chat.send("/out_of_scope")
    assert scope[0]["text"] == spanish["utter_out_of_scope"].text and scope[0].get("buttons")

    intro, question = chat.send("/report_back_pain")[:2]
    assert intro["text"] == check.intro
    first = screening.questions[0]
    assert question["text"] == check.questions[first.slot]
    assert [(b["title"], b["payload"]) for b in question["buttons"]] == [
        ("Sí", '/report_emergency_symptom{"escalation": "' + first.on_yes + '"}'),
        ("No", "/deny"),
        ("Omitir la revisión", "/skip_check"),
    ]
    assert chat.texts("/skip_check") == [spanish["utter_screening_skipped"].text]
