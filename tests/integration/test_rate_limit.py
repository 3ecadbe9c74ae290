"""Rate limits on the REST webhook, against a real Rasa server started with low limits.

Each test speaks for its own client address through X-Forwarded-For, which the server trusts
because the test talks to it over loopback, as web/server.py and nginx do. After the burst,
one message per 10 minutes: nothing refills while a test runs.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from isobot.channels.conversation_ids import REST, conversation_id
from isobot.content.slow_down import slow_down_text
from tests import servers

CONVERSATION_BURST = 3
ADDRESS_BURST = 5
EMERGENCY = "I can't feel my legs and I wet myself"
LIMITS = {
    "RATE_LIMIT_CONVERSATION_BURST": str(CONVERSATION_BURST),
    "RATE_LIMIT_CONVERSATION_PER_MINUTE": "0.1",
    "RATE_LIMIT_IP_BURST": str(ADDRESS_BURST),
    "RATE_LIMIT_IP_PER_MINUTE": "0.1",
}


@pytest.fixture(scope="module")
def limited_rasa(tmp_path_factory, action_server):
    workdir = tmp_path_factory.mktemp("rate-limited")
    db_url = f"sqlite:///{workdir / 'rasa.db'}"
    service = servers.start_rasa_server(workdir, servers.base_env(DB_URL=db_url, **LIMITS), action_server.url, db_url)
    yield service
    service.stop()


class Client:
    """One client address; each conversation is a new sender."""

    def __init__(self, rasa, address: str) -> None:
        self.url = f"{rasa.url}/webhooks/rest/webhook"
        self.address = address

    def post(self, sender: str, message: str) -> httpx.Response:
        return httpx.post(
            self.url, json={"sender": sender, "message": message}, headers={"X-Forwarded-For": self.address}, timeout=60
        )


def new_sender() -> str:
    return f"limit-{uuid.uuid4().hex[:12]}"


def user_turns(rasa, sender: str) -> list[str]:
    reply = httpx.get(
        f"{rasa.url}/conversations/{conversation_id(REST, sender)}/tracker",
        params={"token": servers.API_TOKEN},
        timeout=30,
    )
    return [event["text"] for event in reply.json().get("events", []) if event.get("event") == "user"]


def assert_served(reply: httpx.Response) -> None:
    assert reply.status_code == 200, reply.text
    assert reply.json() and all(message.get("text") for message in reply.json())


def assert_slowed_down(reply: httpx.Response, sender: str) -> None:
    assert reply.status_code == 429, reply.text
    assert reply.json() == [{"recipient_id": conversation_id(REST, sender), "text": slow_down_text()}]
    assert int(reply.headers["Retry-After"]) > 0


def test_the_next_fast_message_in_a_conversation_gets_the_polite_429(limited_rasa):
    client, sender = Client(limited_rasa, "203.0.113.1"), new_sender()
    for index in range(CONVERSATION_BURST):
        assert_served(client.post(sender, f"hello {index}"))
    assert_slowed_down(client.post(sender, "how does isotretinoin cause back pain?"), sender)
    # The refused message was never run as a turn.
    assert user_turns(limited_rasa, sender) == [f"hello {index}" for index in range(CONVERSATION_BURST)]


def test_other_conversations_from_the_same_address_are_served_until_the_address_limit(limited_rasa):
    client = Client(limited_rasa, "203.0.113.2")
    first, second = new_sender(), new_sender()
    for _ in range(CONVERSATION_BURST):
        assert_served(client.post(first, "hello"))
    assert_slowed_down(client.post(first, "hello"), first)
    for _ in range(ADDRESS_BURST - CONVERSATION_BURST):
        assert_served(client.post(second, "hello"))
    # `second` is under its own limit, but the address has used its 5 messages.
    assert_slowed_down(client.post(second, "hello"), second)
    third = new_sender()
    assert_slowed_down(client.post(third, "hello"), third)
    # Another address is not affected.
    assert_served(Client(limited_rasa, "198.51.100.9").post(third, "hello"))


def emergency_instruction(catalogue, detector) -> str:
    escalation = detector.detect(EMERGENCY).escalation
    return catalogue.escalations[escalation].text.format(**catalogue.region_numbers(None))


def test_an_emergency_sent_while_limited_still_gets_the_emergency_instruction(limited_rasa, catalogue, detector):
    client, sender = Client(limited_rasa, "203.0.113.3"), new_sender()
    for _ in range(CONVERSATION_BURST):
        client.post(sender, "hello")
    assert_slowed_down(client.post(sender, "hello"), sender)
    reply = client.post(sender, EMERGENCY)
    assert reply.status_code == 200, reply.text
    assert reply.json()[0]["text"] == emergency_instruction(catalogue, detector)


def test_an_emergency_from_an_address_over_its_limit_still_gets_the_instruction(limited_rasa, catalogue, detector):
    client = Client(limited_rasa, "203.0.113.4")
    for _ in range(ADDRESS_BURST):
        assert_served(client.post(new_sender(), "hello"))
    sender = new_sender()
    assert_slowed_down(client.post(sender, "hello"), sender)
    reply = client.post(sender, EMERGENCY)
    assert reply.status_code == 200 and reply.json()[0]["text"] == emergency_instruction(catalogue, detector)


def test_a_spoofed_forwarded_address_from_loopback_is_the_last_entry_not_the_first(limited_rasa):
    """What nginx sends: the client's own header first, the address nginx saw last. Rotating the
    first entry does not escape the limit of the real (last) address."""
    url = f"{limited_rasa.url}/webhooks/rest/webhook"
    statuses = [
        httpx.post(
            url,
            json={"sender": new_sender(), "message": "hello"},
            headers={"X-Forwarded-For": f"10.0.0.{index}, 203.0.113.5"},
            timeout=60,
        ).status_code
        for index in range(ADDRESS_BURST + 1)
    ]
    assert statuses == [200] * ADDRESS_BURST + [429]
