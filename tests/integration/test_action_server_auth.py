"""The action server only answers Rasa: unsigned, wrongly signed, stale and replayed calls are refused.

Rasa signs each call (timestamp, nonce, HMAC with ACTION_SERVER_TOKEN; isobot/security/action_signing.py)
instead of sending the secret, so a call seen once can be neither replayed nor re-signed.
"""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest

from isobot.security.action_signing import WINDOW_SECONDS, signed_headers
from isobot.staff.privacy import hash_conversation_id
from tests.servers import ACTION_TOKEN, wrong_secret

CALL = {
    "next_action": "action_suggest_topics",
    "sender_id": "intruder",
    "version": "3.6.2",
    "tracker": {"sender_id": "intruder", "slots": {}, "latest_message": {}, "events": []},
    "domain": {},
}


def post(action_server, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(
        f"{action_server.url}/webhook",
        content=body,
        headers={"Content-Type": "application/json", **headers},
        timeout=10,
    )


def handoff_call(conversation: str) -> bytes:
    """What Rasa sends when a patient asks for a person: action_request_human, which notifies
    staff (escalations are logged by the watcher, after the turn, without any action call)."""
    latest = {"text": "can i talk to a real person", "intent": {"name": "request_human"}}
    return json.dumps(
        {
            "next_action": "action_request_human",
            "sender_id": conversation,
            "version": "3.6.2",
            "tracker": {"sender_id": conversation, "slots": {}, "latest_message": latest, "events": []},
            "domain": {},
        }
    ).encode()


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Action-Token": ACTION_TOKEN}, {"X-Action-Token": "wrong"}],
    ids=["nothing", "the bare secret", "a wrong secret"],
)
def test_calls_without_a_signature_are_refused(action_server, headers):
    assert post(action_server, json.dumps(CALL).encode(), headers).status_code == 403


def test_calls_signed_with_another_key_or_for_another_body_are_refused(action_server):
    body = json.dumps(CALL).encode()
    assert post(action_server, body, signed_headers(wrong_secret(), body)).status_code == 403
    assert post(action_server, body + b" ", signed_headers(ACTION_TOKEN, body)).status_code == 403


def test_a_stale_call_is_refused(action_server):
    body = json.dumps(CALL).encode()
    old = signed_headers(ACTION_TOKEN, body, now=time.time() - WINDOW_SECONDS - 5)
    assert post(action_server, body, old).status_code == 403


def test_a_replayed_handoff_call_is_refused_and_notifies_staff_once(action_server, staff_webhook):
    conversation = f"rest:replay-{uuid.uuid4().hex[:10]}"
    body = handoff_call(conversation)
    headers = signed_headers(ACTION_TOKEN, body)
    assert post(action_server, body, headers).status_code == 200
    assert [post(action_server, body, headers).status_code for _ in range(3)] == [403, 403, 403]
    time.sleep(1)  # any notification a refused replay could have caused has arrived by now
    mine = [r for r in staff_webhook.received if r["json"].get("conversation") == hash_conversation_id(conversation)]
    assert len(mine) == 1


def test_health_stays_open_and_rasa_gets_through(action_server, chat, catalogue):
    assert httpx.get(f"{action_server.url}/health", timeout=10).status_code == 200
    # Rasa signs its calls (isobot/security/signed_action_endpoint.py), so custom actions still answer patients.
    assert catalogue.answers["prevalence_overview"].text in chat.said("how common is back pain on accutane?")
