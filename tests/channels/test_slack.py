"""Slack: Events API and interactivity payloads, signed as Slack signs them; answers read from chat.postMessage."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import httpx
import pytest

from isobot.channels import adapt
from isobot.channels.conversation_ids import SLACK, conversation_id
from isobot.staff.privacy import hash_conversation_id
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


def sign(body: bytes, timestamp: int | None = None, secret: str = SECRETS["SLACK_SIGNING_SECRET"]) -> dict:
    """Headers as Slack sends them (https://api.slack.com/authentication/verifying-requests-from-slack)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def message_event(user: str, channel: str, text: str) -> bytes:
    """A direct message to the app, shaped as https://api.slack.com/events/message.im."""
    return json.dumps(
        {
            # "token" is Slack's legacy verification token, which the channel does not use.
            "token": servers.wrong_secret(),
            "team_id": "T0001",
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": new_id("Ev"),
            "event_time": int(time.time()),
            "event": {
                "type": "message",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": f"{time.time():.6f}",
                "channel_type": "im",
                "event_ts": f"{time.time():.6f}",
            },
        }
    ).encode()


def button_click(user: str, channel: str, value: str) -> bytes:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "sam", "team_id": "T0001"},
        "api_app_id": "A0001",
        "channel": {"id": channel, "name": "directmessage"},
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.slack.test/actions/1",
        "actions": [
            {
                "type": "button",
                "action_id": "option_1",
                "block_id": "b1",
                "value": value,
                "text": {"type": "plain_text", "text": "👍 Yes"},
                "action_ts": str(time.time()),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def post(rasa, body: bytes, headers: dict, content_type: str = "application/json") -> httpx.Response:
    return httpx.post(
        f"{rasa.url}/webhooks/slack/webhook",
        content=body,
        headers={**headers, "Content-Type": content_type},
        timeout=30,
    )


def posted_to(platform_api, channel: str, count: int = 1) -> list[dict]:
    calls = platform_api.wait_for(
        lambda call: call["path"] == "/api/chat.postMessage" and call["body"].get("channel") == channel, count=count
    )
    assert all(call["headers"]["Authorization"] == f"Bearer {SECRETS['SLACK_TOKEN']}" for call in calls)
    return [call["body"] for call in calls]


@pytest.fixture
def person():
    return new_id("U"), new_id("D")


def test_the_url_verification_challenge_is_answered(channel_rasa):
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
    reply = post(channel_rasa, body, sign(body))
    assert reply.status_code == 200 and reply.json() == {
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    }


def test_a_question_gets_the_vetted_answer_in_mrkdwn_with_buttons(channel_rasa, platform_api, catalogue, person):
    user, channel = person
    body = message_event(user, channel, QUESTION)
    assert post(channel_rasa, body, sign(body)).status_code == 200
    answer, feedback = posted_to(platform_api, channel, count=2)
    assert (
        answer["text"] == adapt.slack_mrkdwn(answer_reply(catalogue, QUESTION_ANSWER_ID)) and "**" not in answer["text"]
    )
    assert feedback["text"] == domain_text("utter_ask_feedback")
    section, actions = feedback["blocks"]
    assert section["text"] == {"type": "mrkdwn", "text": domain_text("utter_ask_feedback")}
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        ("👍 Yes", "/feedback_helpful"),
        ("👎 No", "/feedback_not_helpful"),
    ]

    click = button_click(user, channel, "/feedback_helpful")
    assert post(channel_rasa, click, sign(click), "application/x-www-form-urlencoded").status_code == 200
    assert posted_to(platform_api, channel, count=3)[-1]["text"] == domain_text("utter_feedback_thanks")


def test_an_emergency_arrives_first_and_whole_and_staff_are_told(
    channel_rasa, platform_api, channel_staff_webhook, catalogue, person
):
    user, channel = person
    body = message_event(user, channel, EMERGENCY_MESSAGE)
    assert post(channel_rasa, body, sign(body)).status_code == 200
    assert posted_to(platform_api, channel)[0]["text"] == adapt.slack_mrkdwn(escalation_reply(catalogue, EMERGENCY_ID))
    summaries = [
        hit["json"]
        for hit in channel_staff_webhook.received
        if hit["json"].get("conversation") == hash_conversation_id(conversation_id(SLACK, user))
    ]
    assert [(s["tier"], s["escalation"]) for s in summaries] == [("emergency", EMERGENCY_ID)]


def test_asking_for_a_human_tells_staff_with_the_answers_given(
    channel_rasa, platform_api, channel_staff_webhook, catalogue, person
):
    user, channel = person
    for count, text in ((2, QUESTION), (3, "can i talk to a real person please")):
        body = message_event(user, channel, text)
        assert post(channel_rasa, body, sign(body)).status_code == 200
        replies = posted_to(platform_api, channel, count=count)
    assert replies[-1]["text"] == adapt.slack_mrkdwn(domain_text("utter_human_handoff"))
    summaries = [
        hit["json"]
        for hit in channel_staff_webhook.received
        if hit["json"].get("conversation") == hash_conversation_id(conversation_id(SLACK, user))
    ]
    assert summaries == [{**summaries[0], "tier": "handoff", "answer_ids": [QUESTION_ANSWER_ID], "channel": "slack"}]
    assert hash_conversation_id(conversation_id(SLACK, user)) in summaries[0]["text"]


@pytest.mark.parametrize(
    "bad_headers",
    [
        lambda body: {},
        lambda body: sign(body, secret=servers.wrong_secret()),
        lambda body: sign(body, timestamp=int(time.time()) - 3600),  # a replayed request
        lambda body: {**sign(body), "X-Slack-Signature": "v0=" + "0" * 64},
    ],
)
def test_an_unsigned_or_wrongly_signed_request_is_refused(channel_rasa, platform_api, person, bad_headers):
    user, channel = person
    body = message_event(user, channel, QUESTION)
    assert post(channel_rasa, body, bad_headers(body)).status_code == 403
    time.sleep(1)
    assert platform_api.calls_where(lambda call: call["body"].get("channel") == channel) == []
    assert user_turns(channel_rasa.url, conversation_id(SLACK, user)) == []


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", "application/json"),
        (b"{oops", "application/json"),
        (b"[]", "application/json"),
        (b'{"type": "event_callback"}', "application/json"),
        (
            b'{"type": "event_callback", "event": {"type": "message", "user": 5, "channel": "D1", "text": "hi"}}',
            "application/json",
        ),
        (
            b'{"type": "event_callback", "event": {"type": "message", "user": "U1", "channel": "D1"}}',
            "application/json",
        ),
        (b'{"type": "something_else"}', "application/json"),
        (b"nothing=here", "application/x-www-form-urlencoded"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (
            urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"}})}).encode(),
            "application/x-www-form-urlencoded",
        ),
    ],
)
def test_a_malformed_signed_request_is_a_4xx_and_the_server_keeps_serving(channel_rasa, body, content_type):
    assert post(channel_rasa, body, sign(body), content_type).status_code == 400
    assert_still_serving(channel_rasa.url)


def test_the_apps_own_messages_and_slack_retries_are_not_answered(channel_rasa, platform_api, person):
    user, channel = person
    own = json.loads(message_event(user, channel, "hello"))
    own["event"]["bot_id"] = "B0001"
    body = json.dumps(own).encode()
    assert post(channel_rasa, body, sign(body)).status_code == 200
    retry = message_event(user, channel, "hello")
    assert (
        post(
            channel_rasa, retry, {**sign(retry), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        ).status_code
        == 200
    )
    time.sleep(2)
    assert platform_api.calls_where(lambda call: call["body"].get("channel") == channel) == []
