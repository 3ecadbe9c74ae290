"""The widget's conversation: a random id the web server issues in a signed, HttpOnly,
SameSite=Strict cookie. It is the only proof of a conversation the widget has: the browser
never names a conversation, so no one can read, write into or erase ("forget me") another
patient's conversation by knowing or guessing its id, and the id never appears in a URL
(or in web.log).

`rasa_sender` is the ONE place where the cookie's id becomes the sender id Rasa sees.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from aiohttp import web

from web.security import came_over_https

COOKIE = "isobot_conversation"
# Paths that need the conversation: the cookie is sent nowhere else.
COOKIE_PATH = "/api"
# Rasa starts a new session after an hour of silence (domain.yml); a day is enough to come
# back to a conversation after closing the tab, short enough on a shared computer.
COOKIE_SECONDS = 24 * 3600
_VALUE = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{64})$")  # checked first: compare_digest wants ASCII


def rasa_sender(conversation_id: str) -> str:
    """The sender id sent to Rasa for the widget conversation `conversation_id`."""
    return f"web-{conversation_id}"


class ConversationCookies:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, conversation_id: str) -> str:
        return hmac.new(self._secret, f"conversation.{conversation_id}".encode(), hashlib.sha256).hexdigest()

    def read(self, request: web.Request) -> str | None:
        """The conversation id this browser was given, if its cookie is ours and intact."""
        match = _VALUE.match(request.cookies.get(COOKIE, ""))
        if match and hmac.compare_digest(match.group(2), self._sign(match.group(1))):
            return match.group(1)
        return None

    @staticmethod
    def new_id() -> str:
        return secrets.token_hex(16)

    def issue(self, response: web.StreamResponse, request: web.Request, conversation_id: str | None = None) -> str:
        """Set the cookie of `conversation_id` (default: a new conversation) on `response`; returns the id."""
        conversation_id = conversation_id or self.new_id()
        response.set_cookie(
            COOKIE,
            f"{conversation_id}.{self._sign(conversation_id)}",
            max_age=COOKIE_SECONDS,
            path=COOKIE_PATH,
            httponly=True,
            samesite="Strict",
            secure=came_over_https(request),
        )
        return conversation_id


def secret_from(explicit: str | None, rasa_token: str) -> bytes:
    """WIDGET_COOKIE_SECRET when the operator sets one, else a key derived from the Rasa API
    token: stable across restarts (patients keep their conversation) with no new secret to
    manage; rotating the token ends every widget conversation, like it ends API access."""
    if explicit:
        return explicit.encode()
    return hmac.new(rasa_token.encode(), b"isobot widget conversation cookie", hashlib.sha256).digest()
