"""Telegram: updates posted as Telegram posts them, answers read from the recorded Bot API calls."""

from __future__ import annotations

import random

import httpx
import pytest

from isobot.channels import adapt
from isobot.channels.conversation_ids import TELEGRAM, conversation_id
from tests.channels.conftest import (
    EMERGENCY_ID,
    EMERGENCY_MESSAGE,
    QUESTION,
    QUESTION_ANSWER_ID,
    SECRETS,
    answer_reply,
    assert_still_serving,
    domain_text,
    escalation_reply,
    user_turns,
)

TOKEN = SECRETS["TELEGRAM_TOKEN"]


def update(chat_id: int, text: str) -> dict:
    """A private-chat text message, shaped as in https://core.telegram.org/bots/api#update."""
    person = {"id": chat_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}
    return {
        "update_id": random.randint(1, 10**9),
        "message": {
            "message_id": random.randint(1, 10**6),
            "from": person,
            "chat": {"id": chat_id, "first_name": "Sam", "type": "private"},
            "date": 1764000000,
            "text": text,
        },
    }


def button_press(chat_id: int, data: str) -> dict:
    person = {"id": chat_id, "is_bot": False, "first_name": "Sam"}
    return {
        "update_id": random.randint(1, 10**9),
        "callback_query": {
            "id": str(random.randint(1, 10**9)),
            "from": person,
            "chat_instance": "-1234",
            "data": data,
            "message": {
                "message_id": 7,
                "from": {"id": 1, "is_bot": True, "first_name": "isobot"},
                "chat": {"id": chat_id, "type": "private"},
                "date": 1764000000,
                "text": "Was this helpful?",
            },
        },
    }


def post(rasa, body, secret: str | None = SECRETS["TELEGRAM_SECRET_TOKEN"], **kwargs) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return httpx.post(f"{rasa.url}/webhooks/telegram/webhook", json=body, headers=headers, timeout=60, **kwargs)


def sent_to(platform_api, chat_id: int) -> list[dict]:
    return [
        call["body"]
        for call in platform_api.calls_where(
            lambda call: call["path"] == f"/bot{TOKEN}/sendMessage" and call["body"].get("chat_id") == str(chat_id)
        )
    ]


@pytest.fixture
def chat_id() -> int:
    return random.randint(10**8, 10**9)


def test_the_webhook_is_registered_with_the_secret_token(channel_rasa, platform_api):
    calls = platform_api.wait_for(lambda call: call["path"] == f"/bot{TOKEN}/setWebhook")
    assert calls[0]["body"]["url"] == SECRETS["TELEGRAM_WEBHOOK_URL"]
    assert calls[0]["body"]["secret_token"] == SECRETS["TELEGRAM_SECRET_TOKEN"]


def test_a_question_gets_the_vetted_answer_in_telegram_html_with_an_inline_keyboard(
    channel_rasa, platform_api, catalogue, chat_id
):
    assert post(channel_rasa, update(chat_id, QUESTION)).status_code == 200
    answer, feedback = sent_to(platform_api, chat_id)
    assert answer["text"] == adapt.telegram_html(answer_reply(catalogue, QUESTION_ANSWER_ID))
    assert answer["parse_mode"] == "HTML"
    assert "<b>" in answer["text"] and "**" not in answer["text"]  # bold converted, not shown as stars
    assert feedback["text"] == domain_text("utter_ask_feedback")
    keyboard = feedback["reply_markup"]["inline_keyboard"]
    assert [(row[0]["text"], row[0]["callback_data"]) for row in keyboard] == [
        ("👍 Yes", "/feedback_helpful"),
        ("👎 No", "/feedback_not_helpful"),
    ]

    assert post(channel_rasa, button_press(chat_id, "/feedback_helpful")).status_code == 200
    assert sent_to(platform_api, chat_id)[-1]["text"] == domain_text("utter_feedback_thanks")
    assert platform_api.wait_for(lambda call: call["path"] == f"/bot{TOKEN}/answerCallbackQuery")


def test_an_emergency_arrives_first_and_whole(channel_rasa, platform_api, catalogue, chat_id):
    assert post(channel_rasa, update(chat_id, EMERGENCY_MESSAGE)).status_code == 200
    first = sent_to(platform_api, chat_id)[0]
    assert first["text"] == adapt.telegram_html(escalation_reply(catalogue, EMERGENCY_ID))


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRETS["TELEGRAM_SECRET_TOKEN"] + "x"])
def test_an_update_without_the_secret_token_is_refused(channel_rasa, platform_api, chat_id, secret):
    assert post(channel_rasa, update(chat_id, QUESTION), secret=secret).status_code == 403
    assert sent_to(platform_api, chat_id) == []
    assert user_turns(channel_rasa.url, conversation_id(TELEGRAM, str(chat_id))) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'"text"',
        b"{}",
        b'{"update_id": "1"}',
        b'{"update_id": 1, "message": "hi"}',
        b'{"update_id": 1, "message": {"text": "hi"}}',
        b'{"update_id": 1, "message": {"chat": {"id": "12"}, "text": "hi"}}',
        b'{"update_id": 1, "message": {"chat": {"id": 12}, "text": 5}}',
        b'{"update_id": 1, "callback_query": {"data": "/greet"}}',
    ],
)
def test_a_malformed_update_is_a_4xx_and_the_server_keeps_serving(channel_rasa, body):
    reply = httpx.post(
        f"{channel_rasa.url}/webhooks/telegram/webhook",
        content=body,
        timeout=30,
        headers={
            "X-Telegram-Bot-Api-Secret-Token": SECRETS["TELEGRAM_SECRET_TOKEN"],
            "Content-Type": "application/json",
        },
    )
    assert reply.status_code == 400, reply.text
    assert_still_serving(channel_rasa.url)


def test_updates_without_text_are_acknowledged_and_not_answered(channel_rasa, platform_api, chat_id):
    sticker = update(chat_id, "x")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "abc", "width": 512, "height": 512}
    assert post(channel_rasa, sticker).status_code == 200
    assert sent_to(platform_api, chat_id) == []


def test_the_rest_webhook_can_neither_write_into_nor_erase_a_telegram_conversation(channel_rasa, platform_api, chat_id):
    assert post(channel_rasa, update(chat_id, "hello")).status_code == 200
    telegram = conversation_id(TELEGRAM, str(chat_id))
    assert user_turns(channel_rasa.url, telegram) == ["hello"]
    rest = f"{channel_rasa.url}/webhooks/rest/webhook"
    # The chat id as REST sender, bare or with the channel's name in front: each is a REST conversation.
    for sender in (str(chat_id), telegram):
        for text in ("please forget me", "/affirm"):
            reply = httpx.post(rest, json={"sender": sender, "message": text}, timeout=60)
            assert reply.status_code == 200 and reply.json()[0]["recipient_id"] == f"rest:{sender}"
    assert user_turns(channel_rasa.url, telegram) == ["hello"]  # untouched, not erased
    assert sent_to(platform_api, chat_id)[-1]["text"]  # and the patient was never sent the REST replies
    assert len(sent_to(platform_api, chat_id)) == 1
