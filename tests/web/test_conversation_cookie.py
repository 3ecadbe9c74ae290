"""The widget's conversation is bound to the web server's signed, HttpOnly cookie: no one
reads, writes into or erases another patient's conversation by naming its id, and the id
never reaches web.log."""

from __future__ import annotations

import httpx

from tests.conftest import Chat
from tests.web.browser import sender_of
from web import conversation_cookie

QUESTION = "how does isotretinoin cause back pain?"


def patient(web_server) -> httpx.Client:
    """One browser: a cookie jar, and the Origin a browser sends on every POST."""
    return httpx.Client(base_url=web_server.url, headers={"Origin": web_server.url}, timeout=60)


def texts(reply: httpx.Response) -> list[str]:
    return [m["text"] for m in reply.json()["messages"]]


def test_history_shows_only_the_conversation_of_the_browsers_own_cookie(web_server):
    with patient(web_server) as alice, patient(web_server) as mallory:
        assert alice.post("/api/chat", json={"message": QUESTION}).status_code == 200
        alices_sender = sender_of(dict(alice.cookies))
        assert QUESTION in texts(alice.get("/api/history"))
        # Knowing (or guessing) the id is worth nothing: the query is not read.
        assert mallory.get(f"/api/history?sender={alices_sender}").json() == {"messages": []}
        assert mallory.get("/api/history").json() == {"messages": []}


def test_a_sender_in_the_body_cannot_write_into_or_erase_another_conversation(web_server, rasa_server):
    with patient(web_server) as alice, patient(web_server) as mallory:
        alice.post("/api/chat", json={"message": QUESTION})
        alices_sender = sender_of(dict(alice.cookies))
        for message in ("please forget me", "/affirm", "I was here"):
            assert mallory.post("/api/chat", json={"sender": alices_sender, "message": message}).status_code == 200
        assert sender_of(dict(mallory.cookies)) != alices_sender
        history = texts(alice.get("/api/history"))
        assert QUESTION in history and "I was here" not in history and "please forget me" not in history


def test_forget_me_through_the_widget_erases_only_the_cookies_conversation(web_server):
    with patient(web_server) as alice:
        alice.post("/api/chat", json={"message": QUESTION})
        assert "erase" in " ".join(texts(alice.post("/api/chat", json={"message": "please forget me"})))
        assert "erased" in " ".join(texts(alice.post("/api/chat", json={"message": "/affirm"})))
        assert QUESTION not in texts(alice.get("/api/history"))


def test_the_conversation_cookie_is_httponly_strict_and_signed(web_server):
    with patient(web_server) as alice:
        reply = alice.post("/api/chat", json={"message": "hello"})
        set_cookie = reply.headers["set-cookie"]
        assert set_cookie.startswith(f"{conversation_cookie.COOKIE}=")
        assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/api" in set_cookie
        assert "Secure" not in set_cookie  # plain HTTP here; see test_cookies_are_secure_behind_a_tls_proxy
        # A second message keeps the conversation (no new cookie).
        assert "set-cookie" not in alice.post("/api/chat", json={"message": "hello"}).headers

    # A cookie whose id was changed is not ours: it opens nothing.
    value = dict(alice.cookies)[conversation_cookie.COOKIE]
    other_id = ("0" if value[0] != "0" else "1") + value[1:]
    with patient(web_server) as forger:
        forger.cookies.set(conversation_cookie.COOKIE, other_id, path="/api")
        assert forger.get("/api/history").json() == {"messages": []}
        forger.cookies.set(conversation_cookie.COOKIE, value.split(".")[0], path="/api")  # no signature
        assert forger.get("/api/history").json() == {"messages": []}
    for forged in (value + "é", value.split(".")[0] + ".é"):  # bytes no browser would send
        reply = httpx.get(
            web_server.url + "/api/history", headers={b"Cookie": f"{conversation_cookie.COOKIE}={forged}".encode()}
        )
        assert reply.json() == {"messages": []}


def test_start_over_gives_the_browser_a_new_conversation(web_server):
    with patient(web_server) as alice:
        alice.post("/api/chat", json={"message": QUESTION})
        before = sender_of(dict(alice.cookies))
        assert alice.post("/api/restart", json={}).status_code == 200
        assert sender_of(dict(alice.cookies)) != before
        assert alice.get("/api/history").json() == {"messages": []}


def test_the_widget_api_refuses_form_posts_and_other_origins(web_server):
    # What a page elsewhere could send without a CORS preflight: a text/plain or form body.
    plain = httpx.post(
        web_server.url + "/api/chat",
        content='{"message": "please forget me"}',
        headers={"Content-Type": "text/plain", "Origin": web_server.url},
    )
    assert plain.status_code == 415
    foreign = httpx.post(
        web_server.url + "/api/chat", json={"message": "please forget me"}, headers={"Origin": "http://127.0.0.1:1"}
    )
    assert foreign.status_code == 403


def test_the_conversation_id_never_reaches_web_log(web_server):
    with patient(web_server) as alice:
        alice.post("/api/chat", json={"message": "hello"})
        alice.get("/api/history")
        cookie = dict(alice.cookies)[conversation_cookie.COOKIE]
    conversation_id = cookie.split(".")[0]
    log = web_server.log.read_text(errors="replace")
    assert "GET /api/history" in log  # the access log is on, and names the path only
    assert conversation_id not in log


def test_a_rest_conversation_is_not_reachable_through_the_web_server(web_server, rasa_server):
    """A conversation started on Rasa's REST webhook under some id is out of the widget's reach."""
    other = Chat(rasa_server.url)
    other.send(QUESTION)
    reply = httpx.get(f"{web_server.url}/api/history?sender={other.sender}")
    assert reply.json() == {"messages": []}
