"""Rasa's HTTP API: closed without credentials; a "user" JWT reads only its own conversation.

The routes come from the installed rasa/server.py itself, so a route added by a Rasa upgrade
is checked too. The server is the suite's (tests/servers.py: RASA_API_TOKEN and RASA_JWT_SECRET, through isobot.serve).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import time
import uuid
from pathlib import Path

import httpx
import jwt
import pytest

from isobot.channels.conversation_ids import REST, conversation_id
from isobot.security.api_token import mint
from tests import servers

PUBLIC = {("get", "/"), ("get", "/version")}
_ROUTE = re.compile(r'@app\.(get|post|put|delete)\(\s*"([^"]+)"\s*\)\s*\n(\s*@requires_auth\()?')


def _routes() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    source = Path(importlib.util.find_spec("rasa.server").origin).read_text()
    found = _ROUTE.findall(source)
    return [(m, p) for m, p, auth in found if auth], [(m, p) for m, p, auth in found if not auth]


PROTECTED, UNPROTECTED = _routes()
CONVERSATION_ROUTES = [(m, p) for m, p in PROTECTED if "<conversation_id" in p]
OTHER_ROUTES = [(m, p) for m, p in PROTECTED if "<conversation_id" not in p]


def _url(base: str, path: str, conversation: str = "someone") -> str:
    return base + path.replace("<conversation_id:path>", conversation)


def _call(
    base: str,
    method: str,
    path: str,
    conversation: str = "someone",
    jwt: str | None = None,
    api_token: str | None = None,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {jwt}"} if jwt else {}
    params = {"token": api_token} if api_token else {}
    body: dict[str, object] | None = {} if method in ("post", "put") else None
    return httpx.request(
        method.upper(), _url(base, path, conversation), headers=headers, params=params, json=body, timeout=30
    )


@pytest.fixture(scope="module")
def own_conversation(rasa_server):
    """A conversation that exists (its id, `rest:<sender>`), and the "user" token for exactly it."""
    sender = f"patient-{uuid.uuid4().hex[:10]}"
    reply = httpx.post(
        f"{rasa_server.url}/webhooks/rest/webhook", json={"sender": sender, "message": "hello"}, timeout=60
    )
    assert reply.status_code == 200
    conversation = conversation_id(REST, sender)
    return conversation, mint(conversation, "user", key=servers.JWT_SECRET)


def test_the_route_list_is_read_from_rasa_and_only_root_and_version_are_public():
    assert len(PROTECTED) >= 17 and ("get", "/conversations/<conversation_id:path>/tracker") in PROTECTED
    assert set(UNPROTECTED) == PUBLIC


@pytest.mark.parametrize("method, path", sorted(PUBLIC))
def test_public_routes_answer_without_credentials(rasa_server, method, path):
    assert _call(rasa_server.url, method, path).status_code == 200


@pytest.mark.parametrize("method, path", PROTECTED)
def test_every_other_route_is_refused_without_credentials(rasa_server, method, path):
    assert _call(rasa_server.url, method, path).status_code == 401


@pytest.mark.parametrize("method, path", PROTECTED)
def test_a_wrong_token_or_a_forged_or_expired_jwt_is_refused(rasa_server, method, path):
    url = rasa_server.url
    assert _call(url, method, path, api_token=servers.wrong_secret()).status_code == 401
    assert _call(url, method, path, jwt="not-a-jwt").status_code == 401
    assert _call(url, method, path, jwt=servers.API_TOKEN).status_code == 401  # the API token is not a JWT
    forged = mint("someone", "admin", key="a-different-secret-of-at-least-32-bytes")
    assert _call(url, method, path, jwt=forged).status_code == 401
    expired = mint("someone", "admin", hours=-1, key=servers.JWT_SECRET)
    assert _call(url, method, path, jwt=expired).status_code == 401


def test_a_user_token_reads_its_own_conversation(rasa_server, own_conversation):
    sender, user_jwt = own_conversation
    tracker = _call(rasa_server.url, "get", "/conversations/<conversation_id:path>/tracker", sender, user_jwt)
    assert tracker.status_code == 200
    assert tracker.json()["sender_id"] == sender
    assert "hello" in [e.get("text") for e in tracker.json()["events"] if e["event"] == "user"]
    story = _call(rasa_server.url, "get", "/conversations/<conversation_id:path>/story", sender, user_jwt)
    assert story.status_code == 200


@pytest.mark.parametrize("method, path", CONVERSATION_ROUTES)
def test_a_user_token_is_forbidden_from_anyone_elses_conversation(rasa_server, own_conversation, method, path):
    sender, user_jwt = own_conversation
    for other in ("someone-else", f"{sender}x", sender.upper(), f"{sender}/x"):
        assert _call(rasa_server.url, method, path, other, user_jwt).status_code == 403, other


@pytest.mark.parametrize("method, path", OTHER_ROUTES)
def test_a_user_token_is_forbidden_from_every_route_outside_conversations(rasa_server, own_conversation, method, path):
    _, user_jwt = own_conversation
    assert _call(rasa_server.url, method, path, jwt=user_jwt).status_code == 403


def test_an_admin_token_and_the_api_token_read_any_conversation(rasa_server, own_conversation):
    sender, _ = own_conversation
    tracker = "/conversations/<conversation_id:path>/tracker"
    admin = mint("staff", "admin", key=servers.JWT_SECRET)
    assert _call(rasa_server.url, "get", tracker, sender, jwt=admin).json()["sender_id"] == sender
    assert _call(rasa_server.url, "get", "/status", jwt=admin).status_code == 200
    by_token = _call(rasa_server.url, "get", tracker, sender, api_token=servers.API_TOKEN)
    assert by_token.status_code == 200 and by_token.json()["sender_id"] == sender


def _admin_claims(**extra) -> dict:
    now = int(time.time())
    return {"user": {"username": "someone", "role": "admin"}, "iat": now, **extra}


def _unsigned(claims: dict) -> str:
    """A JWT with `alg: none` and no signature."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize(
    "name, token",
    [
        ("alg none", _unsigned(_admin_claims(exp=int(time.time()) + 3600))),
        (
            "HS512 with the right secret",
            jwt.encode(_admin_claims(exp=int(time.time()) + 3600), servers.JWT_SECRET, algorithm="HS512"),
        ),
        ("header not JSON", "e30K.e30K.sig"),
    ],
)
def test_a_malformed_or_wrong_algorithm_jwt_gets_401_and_no_traceback(rasa_server, name, token):
    before = rasa_server.log.read_text(errors="replace")
    for method, path in [("get", "/status"), ("get", "/conversations/<conversation_id:path>/tracker")]:
        reply = _call(rasa_server.url, method, path, jwt=token)
        assert reply.status_code == 401, (name, path, reply.text)
    time.sleep(0.2)  # let the server flush its log
    assert "Traceback" not in rasa_server.log.read_text(errors="replace")[len(before) :]


def test_a_jwt_without_an_expiry_is_refused(rasa_server, own_conversation):
    conversation, _ = own_conversation
    for role, username in (("admin", "someone"), ("user", conversation)):
        forever = jwt.encode(
            {"user": {"username": username, "role": role}, "iat": int(time.time())},
            servers.JWT_SECRET,
            algorithm="HS256",
        )
        assert (
            _call(
                rasa_server.url, "get", "/conversations/<conversation_id:path>/tracker", conversation, jwt=forever
            ).status_code
            == 401
        )
    # The same token with an expiry is accepted: only the missing `exp` is refused.
    assert (
        _call(
            rasa_server.url,
            "get",
            "/conversations/<conversation_id:path>/tracker",
            conversation,
            jwt=mint(conversation, "user", key=servers.JWT_SECRET),
        ).status_code
        == 200
    )


def test_the_jwt_extension_never_issues_a_token(rasa_server):
    """sanic-jwt adds /auth routes; Rasa only checks tokens, it must not hand any out."""
    login = httpx.post(f"{rasa_server.url}/auth", json={"username": "admin", "password": "admin"}, timeout=30)
    assert login.status_code == 401 and "access_token" not in login.text
    assert httpx.get(f"{rasa_server.url}/auth/me", timeout=30).status_code == 401
