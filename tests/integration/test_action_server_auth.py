"""The action server only answers Rasa: calls without the shared secret are refused."""
from __future__ import annotations

import httpx
import pytest

from tests.servers import ACTION_TOKEN

CALL = {"next_action": "action_suggest_topics", "sender_id": "intruder", "version": "3.6.2",
        "tracker": {"sender_id": "intruder", "slots": {}, "latest_message": {}, "events": []}, "domain": {}}


@pytest.mark.parametrize("headers", [{}, {"X-Action-Token": "wrong"}, {"X-Action-Token": ""}])
def test_calls_without_the_secret_are_refused(action_server, headers):
    reply = httpx.post(f"{action_server.url}/webhook", json=CALL, headers=headers, timeout=10)
    assert reply.status_code == 403


def test_health_stays_open_and_rasa_gets_through(action_server, chat, catalogue):
    assert httpx.get(f"{action_server.url}/health", timeout=10).status_code == 200
    assert httpx.post(f"{action_server.url}/webhook", json=CALL, headers={"X-Action-Token": ACTION_TOKEN},
                      timeout=10).status_code != 403
    # Rasa sends the secret (endpoints.yml), so custom actions still answer patients.
    assert catalogue.answers["prevalence_overview"].text in chat.said("how common is back pain on accutane?")
