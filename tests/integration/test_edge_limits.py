"""Size limits at the Rasa server's edge: a huge request is refused at once and delays no one.

Against the suite's real Rasa server. A 20 MB REST message used to take the event loop for
about 27 s, and emergency messages sent meanwhile waited 10-15 s.
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import sqlalchemy as sa

from isobot.security.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_STORED_TEXT_CHARS
from tests.conftest import Chat
from tests.integration.test_escalation import expected_text

EMERGENCY = "my legs keep giving way when I stand"
TWENTY_MB = 20 * 1024 * 1024


def timed_emergency(base_url: str, catalogue) -> float:
    started = time.monotonic()
    texts = Chat(base_url).texts(EMERGENCY)
    elapsed = time.monotonic() - started
    assert texts[0] == expected_text(catalogue, "bilateral_leg_weakness")
    return elapsed


def test_a_20_mb_post_gets_a_json_413_within_a_second_and_an_emergency_is_not_kept_waiting(rasa_server, catalogue):
    url = f"{rasa_server.url}/webhooks/rest/webhook"
    usual = min(timed_emergency(rasa_server.url, catalogue) for _ in range(3))
    body = b'{"sender": "big-sender", "message": "' + b"a" * TWENTY_MB + b'"}'
    outcome: dict = {}

    def post_huge() -> None:
        started = time.monotonic()
        try:
            reply = httpx.post(url, content=body, headers={"Content-Type": "application/json"}, timeout=60)
            outcome.update(status=reply.status_code, json=reply.json())
        except httpx.HTTPError as error:  # the server may close while the rest is still being sent
            outcome.update(error=repr(error))
        outcome["seconds"] = time.monotonic() - started

    huge = threading.Thread(target=post_huge)
    huge.start()
    time.sleep(0.05)  # the huge request is on its way
    during = timed_emergency(rasa_server.url, catalogue)
    huge.join(60)
    assert outcome.get("status") == 413, outcome
    assert outcome["json"]["error"] == "payload_too_large" and outcome["json"]["max_body_bytes"] == MAX_BODY_BYTES
    assert outcome["seconds"] < 1.0, outcome
    assert during < max(1.0, 3 * usual), (during, usual)


def test_any_body_over_the_cap_is_refused_with_json_even_with_a_short_message(rasa_server):
    body = {"sender": "meta-heavy", "message": "hello", "metadata": {"padding": "x" * (MAX_BODY_BYTES + 1)}}
    reply = httpx.post(f"{rasa_server.url}/webhooks/rest/webhook", json=body, timeout=30)
    assert reply.status_code == 413 and reply.json()["error"] == "payload_too_large"
    # The HTTP API has the same cap.
    reply = httpx.post(
        f"{rasa_server.url}/model/parse", content=json.dumps({"text": "a" * (MAX_BODY_BYTES + 1)}), timeout=30
    )
    assert reply.status_code == 413


def test_a_message_over_the_character_limit_is_refused_with_json(rasa_server):
    reply = httpx.post(
        f"{rasa_server.url}/webhooks/rest/webhook",
        json={"sender": "too-long", "message": "a " * (MAX_MESSAGE_CHARS // 2 + 1)},
        timeout=30,
    )
    assert reply.status_code == 413
    assert reply.json()["max_message_chars"] == MAX_MESSAGE_CHARS


def test_a_red_flag_at_the_end_of_the_longest_accepted_message_is_answered_but_only_the_cap_is_stored(
    rasa_server, db_url, catalogue
):
    filler = "I have been reading about my treatment. "
    message = filler * ((MAX_MESSAGE_CHARS - len(EMERGENCY) - 1) // len(filler)) + EMERGENCY
    assert MAX_MESSAGE_CHARS - 50 < len(message) <= MAX_MESSAGE_CHARS
    chat = Chat(rasa_server.url)
    assert chat.texts(message)[0] == expected_text(catalogue, "bilateral_leg_weakness")  # the detector read it all
    with sa.create_engine(db_url).connect() as connection:
        stored = [
            json.loads(row.data)
            for row in connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": chat.conversation}
            )
        ]
    assert len(stored) == 1
    assert len(stored[0]["text"]) == MAX_STORED_TEXT_CHARS
    assert len(stored[0]["parse_data"]["text"]) <= MAX_STORED_TEXT_CHARS
