"""Erasing a widget conversation through the web server, without a browser: the relay's
"erased" mark (what lets the widget clear its screen) and Start over's "erase it too"."""

from __future__ import annotations

import httpx

from tests import servers
from tests.web.browser import sender_of


def tracker_turns(rasa_url: str, sender: str) -> list[dict]:
    tracker = httpx.get(f"{rasa_url}/conversations/rest:{sender}/tracker", params={"token": servers.API_TOKEN}).json()
    return [event for event in tracker["events"] if event["event"] in ("user", "bot")]


def test_the_forget_me_confirmation_is_relayed_and_marked_erased(web_server):
    with httpx.Client(base_url=web_server.url, timeout=60) as patient:
        patient.post("/api/chat", json={"message": "how common is back pain on isotretinoin?"})
        patient.post("/api/chat", json={"message": "please forget me"})
        bots = [
            m for m in patient.post("/api/chat", json={"message": "/affirm"}).json()["messages"] if m["role"] == "bot"
        ]
    assert [m["kind"] for m in bots] == ["erased"]
    assert "has been erased" in bots[0]["text"]


def test_an_ordinary_reply_is_not_marked_erased(web_server):
    with httpx.Client(base_url=web_server.url, timeout=60) as patient:
        bots = [
            m for m in patient.post("/api/chat", json={"message": "hello"}).json()["messages"] if m["role"] == "bot"
        ]
    assert bots and not [m for m in bots if m.get("kind") == "erased"]


def test_start_over_with_erase_erases_the_old_conversation_and_gives_a_new_one(web_server, rasa_server):
    with httpx.Client(base_url=web_server.url, timeout=60) as patient:
        patient.post("/api/chat", json={"message": "how common is back pain on isotretinoin?"})
        old = sender_of(dict(patient.cookies))
        assert tracker_turns(rasa_server.url, old)
        reply = patient.post("/api/restart", json={"erase": True})
        assert reply.status_code == 200
        assert sender_of(dict(patient.cookies)) != old
    assert tracker_turns(rasa_server.url, old) == []


def test_start_over_with_erase_and_no_conversation_yet_just_starts_one(web_server):
    reply = httpx.post(web_server.url + "/api/restart", json={"erase": True})
    assert reply.status_code == 200 and reply.json() == {"messages": []}
