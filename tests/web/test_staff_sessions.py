"""Staff sessions, without a browser: records on the server that logout ends, random ids,
the CSRF check on every staff POST, and the Secure flag behind a TLS proxy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.web.browser import STAFF_PASSWORD
from web import conversation_cookie, staff_sessions


@contextmanager
def staff(web_server) -> Iterator[httpx.Client]:
    """A logged-in staff member's browser: a cookie jar and the Origin it sends on every POST."""
    with httpx.Client(base_url=web_server.url, headers={"Origin": web_server.url}, timeout=60) as client:
        reply = client.post("/staff/login", json={"password": STAFF_PASSWORD})
        assert reply.status_code == 200, reply.text
        yield client


def session_cookie(client: httpx.Client) -> str:
    return dict(client.cookies)[staff_sessions.COOKIE]


def test_a_copied_staff_cookie_stops_working_at_logout(web_server):
    with staff(web_server) as member:
        copied = session_cookie(member)
        assert member.get("/staff/api/review").status_code == 200
        assert member.post("/staff/logout", json={}).status_code == 200
    thief = httpx.get(web_server.url + "/staff/api/review", cookies={staff_sessions.COOKIE: copied})
    assert thief.status_code == 401
    assert httpx.get(web_server.url + "/staff", cookies={staff_sessions.COOKIE: copied}).status_code == 303


def test_every_login_gets_its_own_random_session_id(web_server):
    # Same second, same password: the old cookie (expiry + HMAC) was the same for both.
    with staff(web_server) as first, staff(web_server) as second:
        assert session_cookie(first) != session_cookie(second)
        assert len(session_cookie(first)) >= 40
        second.post("/staff/logout", json={})
        assert first.get("/staff/api/review").status_code == 200  # one logout ends one session


@pytest.mark.parametrize(
    "path, body",
    [
        ("/staff/api/explain", {"message": "hello"}),
        ("/staff/api/batch", {"csv": "message\nhello\n"}),
        ("/staff/logout", {}),
    ],
)
def test_staff_posts_from_another_page_are_refused(web_server, path, body):
    with staff(web_server) as member:
        cookie = {staff_sessions.COOKIE: session_cookie(member)}
        # Another port on this host is same-site: SameSite=Strict alone lets its requests carry the cookie.
        for headers in ({"Origin": "http://127.0.0.1:1"}, {"Origin": "null"}, {}):
            reply = httpx.post(web_server.url + path, json=body, cookies=cookie, headers=headers)
            assert reply.status_code == 403, (headers, reply.text)
        # A browser without Origin still sends a same-origin Referer: that is accepted.
        reply = httpx.post(
            web_server.url + path, json=body, cookies=cookie, timeout=60, headers={"Referer": web_server.url + "/staff"}
        )
        assert reply.status_code == 200, reply.text
        assert member.get("/staff/api/review").status_code in (200, 401)  # (401 after /staff/logout)


@pytest.mark.parametrize("path", ["/staff/api/explain", "/staff/api/batch", "/staff/login"])
def test_staff_posts_accept_json_only(web_server, path):
    with staff(web_server) as member:
        for headers, content in (
            ({"Content-Type": "text/plain"}, '{"message": "hello"}'),
            ({"Content-Type": "application/x-www-form-urlencoded"}, "message=hello"),
            ({"Content-Type": "text/csv"}, "message\nhello\n"),
        ):
            assert member.post(path, content=content, headers=headers).status_code == 415


def test_staff_login_from_another_page_is_refused(web_server):
    reply = httpx.post(
        web_server.url + "/staff/login", json={"password": STAFF_PASSWORD}, headers={"Origin": "http://127.0.0.1:1"}
    )
    assert reply.status_code == 403 and "set-cookie" not in reply.headers


def test_cookies_are_secure_behind_a_tls_proxy(web_server):
    """A TLS proxy on this host (loopback) says X-Forwarded-Proto: https; the browser's origin is https."""
    https_origin = web_server.url.replace("http://", "https://")
    proxied = {"X-Forwarded-Proto": "https", "Origin": https_origin}
    login = httpx.post(web_server.url + "/staff/login", json={"password": STAFF_PASSWORD}, headers=proxied)
    assert login.status_code == 200 and "Secure" in login.headers["set-cookie"]
    chat = httpx.post(web_server.url + "/api/chat", json={"message": "hello"}, headers=proxied, timeout=60)
    assert chat.headers["set-cookie"].startswith(conversation_cookie.COOKIE) and "Secure" in chat.headers["set-cookie"]
    # Straight over HTTP, no Secure (the browser would drop the cookie).
    plain = httpx.post(
        web_server.url + "/staff/login", json={"password": STAFF_PASSWORD}, headers={"Origin": web_server.url}
    )
    assert "Secure" not in plain.headers["set-cookie"]
