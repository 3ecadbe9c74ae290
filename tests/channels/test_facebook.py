"""Messenger: page webhooks signed with X-Hub-Signature-256; answers read from the recorded Send API calls."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
import pytest

from isobot.channels import adapt
from isobot.channels.conversation_ids import FACEBOOK, conversation_id
from tests import servers
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
    new_id,
    user_turns,
)

PAGE_ID = "109876543210"


def sign(body: bytes, secret: str = SECRETS["FACEBOOK_SECRET"]) -> dict:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def webhook_body(sender: str, message: dict | None = None, postback: dict | None = None) -> bytes:
    """Shaped as https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages."""
    event = {"sender": {"id": sender}, "recipient": {"id": PAGE_ID}, "timestamp": int(time.time() * 1000)}
    if message is not None:
        event["message"] = {"mid": new_id("m_"), **message}
    if postback is not None:
        event["postback"] = {"mid": new_id("m_"), **postback}
    return json.dumps(
        {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": [event]}]}
    ).encode()


def post(rasa, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(
        f"{rasa.url}/webhooks/facebook/webhook",
        content=body,
        headers={**headers, "Content-Type": "application/json"},
        timeout=60,
    )


def sent_to(platform_api, sender: str) -> list[dict]:
    calls = platform_api.calls_where(
        lambda call: call["path"] == "/v18.0/me/messages" and call["body"]["recipient"]["id"] == sender
    )
    assert all(call["query"]["access_token"] == SECRETS["FACEBOOK_PAGE_ACCESS_TOKEN"] for call in calls)
    return [call["body"]["message"] for call in calls]


@pytest.fixture
def sender() -> str:
    return str(int(new_id("1").encode().hex()[:15], 16))  # page-scoped ids are long digit strings


def test_the_subscription_check_echoes_the_challenge_only_with_the_verify_token(channel_rasa):
    url = f"{channel_rasa.url}/webhooks/facebook/webhook"
    good = httpx.get(
        url,
        params={"hub.mode": "subscribe", "hub.verify_token": SECRETS["FACEBOOK_VERIFY"], "hub.challenge": "1158201444"},
    )
    assert good.status_code == 200 and good.text == "1158201444"
    bad = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert bad.status_code == 403


def test_a_question_gets_the_vetted_answer_as_plain_text_with_quick_replies(
    channel_rasa, platform_api, catalogue, sender
):
    body = webhook_body(sender, message={"text": QUESTION})
    reply = post(channel_rasa, body, sign(body))
    assert reply.status_code == 200
    answer, feedback = sent_to(platform_api, sender)
    assert answer == {"text": adapt.plain(answer_reply(catalogue, QUESTION_ANSWER_ID))}
    assert "**" not in answer["text"] and "Several things may contribute" in answer["text"]
    assert feedback["text"] == domain_text("utter_ask_feedback")
    assert [(q["title"], q["payload"]) for q in feedback["quick_replies"]] == [
        ("👍 Yes", "/feedback_helpful"),
        ("👎 No", "/feedback_not_helpful"),
    ]

    tap = webhook_body(sender, message={"text": "👍 Yes", "quick_reply": {"payload": "/feedback_helpful"}})
    assert post(channel_rasa, tap, sign(tap)).status_code == 200
    assert sent_to(platform_api, sender)[-1] == {"text": domain_text("utter_feedback_thanks")}


def test_an_emergency_arrives_first_and_whole(channel_rasa, platform_api, catalogue, sender):
    body = webhook_body(sender, message={"text": EMERGENCY_MESSAGE})
    assert post(channel_rasa, body, sign(body)).status_code == 200
    assert sent_to(platform_api, sender)[0] == {"text": adapt.plain(escalation_reply(catalogue, EMERGENCY_ID))}


@pytest.mark.parametrize(
    "bad_headers",
    [
        lambda body: {},
        lambda body: sign(body, secret=servers.wrong_secret()),
        lambda body: {
            "X-Hub-Signature": "sha1=" + hmac.new(SECRETS["FACEBOOK_SECRET"].encode(), body, hashlib.sha1).hexdigest()
        },  # the old SHA-1 header alone
        lambda body: sign(body + b" "),
    ],
)
def test_an_unsigned_or_wrongly_signed_request_is_refused(channel_rasa, platform_api, sender, bad_headers):
    body = webhook_body(sender, message={"text": QUESTION})
    assert post(channel_rasa, body, bad_headers(body)).status_code == 403
    assert sent_to(platform_api, sender) == []
    assert user_turns(channel_rasa.url, conversation_id(FACEBOOK, sender)) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"object": "user", "entry": []}',
        b'{"object": "page"}',
        b'{"object": "page", "entry": [{"messaging": [{"message": {"text": "hi"}}]}]}',
        b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": 42}, "message": {"text": "hi"}}]}]}',
        b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "42"}, "message": {"text": ["hi"]}}]}]}',
        b'{"object": "page", "entry": [{"messaging": "hi"}]}',
    ],
)
def test_a_malformed_signed_request_is_a_4xx_and_the_server_keeps_serving(channel_rasa, body):
    assert post(channel_rasa, body, sign(body)).status_code == 400
    assert_still_serving(channel_rasa.url)


def test_echoes_and_delivery_receipts_are_not_answered(channel_rasa, platform_api, sender):
    echo = webhook_body(sender, message={"text": "hello", "is_echo": True, "app_id": 1234})
    assert post(channel_rasa, echo, sign(echo)).status_code == 200
    receipt = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE_ID,
                    "time": 1,
                    "messaging": [
                        {
                            "sender": {"id": sender},
                            "recipient": {"id": PAGE_ID},
                            "delivery": {"mids": ["m_1"], "watermark": 1},
                        }
                    ],
                }
            ],
        }
    )
    assert post(channel_rasa, receipt.encode(), sign(receipt.encode())).status_code == 200
    assert sent_to(platform_api, sender) == []
