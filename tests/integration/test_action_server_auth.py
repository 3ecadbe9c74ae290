"""The action server only answers Rasa: unsigned, wrongly signed, stale and replayed calls are refused.

Rasa signs each call (timestamp, nonce, HMAC with ACTION_SERVER_TOKEN; isobot/action_signing.py)
instead of sending the secret, so a call seen once can be neither replayed nor re-signed.
"""
from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest
import sqlalchemy as sa

from isobot import staff_log
from isobot.action_signing import WINDOW_SECONDS, signed_headers
from isobot.privacy import hash_conversation_id
from tests.servers import ACTION_TOKEN, wrong_secret

CALL = {"next_action": "action_suggest_topics", "sender_id": "intruder", "version": "3.6.2",
        "tracker": {"sender_id": "intruder", "slots": {}, "latest_message": {}, "events": []}, "domain": {}}


def post(action_server, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(f"{action_server.url}/webhook", content=body,
                      headers={"Content-Type": "application/json", **headers}, timeout=10)


def escalation_call(conversation: str) -> bytes:
    """What Rasa sends to log an emergency: action_log_escalation with the turn's safety verdict."""
    latest = {"text": "my legs keep giving way", "intent": {"name": "report_emergency_symptom"},
              "safety": {"tier": "emergency", "flags": [{"flag": "bilateral_leg_weakness"}]}}
    return json.dumps({"next_action": "action_log_escalation", "sender_id": conversation, "version": "3.6.2",
                       "tracker": {"sender_id": conversation, "slots": {"escalation": "bilateral_leg_weakness"},
                                   "latest_message": latest, "events": []}, "domain": {}}).encode()


@pytest.mark.parametrize("headers", [{}, {"X-Action-Token": ACTION_TOKEN}, {"X-Action-Token": "wrong"}],
                         ids=["nothing", "the bare secret", "a wrong secret"])
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


def test_a_replayed_escalation_call_is_refused_and_writes_one_row(action_server, db_url):
    conversation = f"rest:replay-{uuid.uuid4().hex[:10]}"
    body = escalation_call(conversation)
    headers = signed_headers(ACTION_TOKEN, body)
    assert post(action_server, body, headers).status_code == 200
    assert [post(action_server, body, headers).status_code for _ in range(3)] == [403, 403, 403]
    with staff_log.engine(db_url).connect() as connection:
        rows = connection.execute(sa.select(staff_log.escalations).where(
            staff_log.escalations.c.conversation == hash_conversation_id(conversation))).all()
    assert len(rows) == 1


def test_health_stays_open_and_rasa_gets_through(action_server, chat, catalogue):
    assert httpx.get(f"{action_server.url}/health", timeout=10).status_code == 200
    # Rasa signs its calls (isobot/signed_action_endpoint.py), so custom actions still answer patients.
    assert catalogue.answers["prevalence_overview"].text in chat.said("how common is back pain on accutane?")
