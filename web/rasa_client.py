"""Talk to the Rasa server from the web server: the token never reaches a browser.

Replies are read back from the tracker rather than the REST response because tracker events
keep each response whole and carry its name (metadata.utter_action), which tells the widget
which answer to attach feedback to and which messages are escalations.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from isobot.channels.conversation_ids import REST, STAFF, STAFF_TOKEN_HEADER, conversation_id
from isobot.content.catalogue import ANSWER_RESPONSE_PREFIX, ESCALATION_RESPONSE_PREFIX
from web.provenance_relay import LANG_KEY, relayed_custom

FEEDBACK_RESPONSE = "utter_ask_feedback"
# The kind of the message confirming "forget me": the conversation it ends is gone.
ERASED = "erased"


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer, or answered with an error."""


class RasaSlowDown(Exception):
    """The Rasa server refused a message over a rate limit (HTTP 429) with its polite reply."""

    def __init__(self, texts: list[str], retry_after: str) -> None:
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.texts = texts
        self.retry_after = retry_after


class RasaClient:
    def __init__(self, base_url: str, token: str, session: aiohttp.ClientSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session

    async def _json(self, method: str, path: str, **kwargs) -> Any:
        try:
            async with self.session.request(method, self.base_url + path, **kwargs) as reply:
                if reply.status == 429:
                    raise RasaSlowDown(
                        _texts(await reply.json(content_type=None)), reply.headers.get("Retry-After", "1")
                    )
                if reply.status != 200:
                    raise RasaUnavailable(f"{method} {path}: HTTP {reply.status}")
                return await reply.json()
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:  # ValueError: a 429 body not JSON
            raise RasaUnavailable(f"{method} {path}: {error}") from error

    async def send(self, sender: str, message: str, client_ip: str | None = None, staff: bool = False) -> list[dict]:
        """One message over the REST webhook. `client_ip` travels in X-Forwarded-For: Rasa limits
        per client address and trusts that header only from loopback, i.e. from us. `staff`
        sends the API token too: the conversation is then a staff test, `staff:<sender>`."""
        headers = {"X-Forwarded-For": client_ip} if client_ip else {}
        if staff:
            headers[STAFF_TOKEN_HEADER] = self.token
        return await self._json(
            "POST", "/webhooks/rest/webhook", json={"sender": sender, "message": message}, headers=headers
        )

    async def parse(self, text: str) -> dict:
        return await self._json("POST", "/model/parse", params={"token": self.token}, json={"text": text})

    async def events(self, sender: str, staff: bool = False) -> list[dict]:
        """The tracker events of the REST conversation of `sender` (of the staff test, with `staff`)."""
        conversation_id_ = conversation_id(STAFF if staff else REST, sender)
        tracker = await self._json("GET", f"/conversations/{conversation_id_}/tracker", params={"token": self.token})
        return tracker.get("events") or []

    async def say(self, sender: str, message: str, client_ip: str | None = None, staff: bool = False) -> list[dict]:
        """Send a message and return this turn's messages (the user's and the bot's), normalised.
        Raises RasaSlowDown when the message was over a rate limit (it is then not in the tracker)."""
        sent = await self.send(sender, message, client_ip, staff)
        try:
            turn = latest_turn(conversation(await self.events(sender, staff)))
        except RasaUnavailable:
            # Rasa has answered (an escalation, perhaps) but its tracker can't be read: what it
            # said is in the REST reply, and the patient must still see it.
            return _as_sent(message, sent, None)
        if any(m["role"] == "user" for m in turn):
            return turn
        # Rasa answered, yet the tracker holds no turn: only "forget me" removes one. The REST
        # reply (the confirmation) is all there is; "erased" tells the widget to clear its screen.
        return _as_sent(message, sent, ERASED)


def _as_sent(message: str, sent: Any, kind: str | None) -> list[dict]:
    """This turn from the REST reply alone (no response names: the tracker is where they are)."""
    items = sent if isinstance(sent, list) else []
    replies: list[dict] = []
    unclaimed = 0  # the text messages of the response whose `custom` has not come yet
    for m in items:
        if not isinstance(m, dict):
            continue
        if isinstance(m.get("text"), str):
            extra = {"kind": kind} if kind else {}
            replies.append({"role": "bot", "text": m["text"], "buttons": _buttons(m), "response": None, **extra})
            unclaimed += 1
        elif "custom" in m:
            # Rasa's REST channel sends a response's `custom` as a message of its own after the
            # response's text (split into paragraphs): its `lang` belongs to those paragraphs.
            # Only the language: the widget shows provenance from the tracker, once per response.
            lang = relayed_custom(m).get("custom", {}).get(LANG_KEY)
            for reply in replies[len(replies) - unclaimed :] if lang else ():
                reply["custom"] = {LANG_KEY: lang}
            unclaimed = 0
    return [{"role": "user", "text": message, "payload": message if message.startswith("/") else None}, *replies]


def _buttons(data: dict) -> list[dict]:
    return [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in data.get("buttons") or []
        if isinstance(b, dict)
    ]


def _texts(messages: Any) -> list[str]:
    """The texts of a REST reply body; none means there is nothing to show (RasaUnavailable)."""
    items = messages if isinstance(messages, list) else []
    texts = [m["text"] for m in items if isinstance(m, dict) and isinstance(m.get("text"), str)]
    if not texts:
        raise RasaUnavailable("HTTP 429 without a reply to show")
    return texts


def describe_response(response: str | None) -> dict[str, str]:
    """What the widget needs to know about a response, from its name alone."""
    if not response:
        return {}
    if response.startswith(ANSWER_RESPONSE_PREFIX):
        return {"answer_id": response[len(ANSWER_RESPONSE_PREFIX) :]}
    if response.startswith(ESCALATION_RESPONSE_PREFIX):
        return {"tier": response[len(ESCALATION_RESPONSE_PREFIX) :]}
    if response == FEEDBACK_RESPONSE:
        return {"kind": "feedback"}
    return {}


def conversation(events: list[dict]) -> list[dict]:
    """User and bot messages from tracker events, as the widget shows them.

    A button press is stored as its payload ("/feedback_helpful"); the patient saw the
    button's title, so that is what the history shows again.
    """
    messages: list[dict] = []
    titles: dict[str, str] = {}
    for event in events:
        if event.get("event") == "user":
            text = event.get("text") or ""
            messages.append(
                {
                    "role": "user",
                    "text": titles.get(text, text),
                    "payload": text if text.startswith("/") else None,
                    **_time(event),
                }
            )
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            buttons = _buttons(data)
            titles = {b["payload"]: b["title"] for b in buttons} or titles
            response = (event.get("metadata") or {}).get("utter_action")
            messages.append(
                {
                    "role": "bot",
                    "text": event.get("text") or "",
                    "buttons": buttons,
                    "response": response,
                    **describe_response(response),
                    **relayed_custom(data),
                    **_time(event),
                }
            )
    return messages


def _time(event: dict) -> dict[str, float]:
    """When it was said (seconds since the epoch), for the widget's timestamps."""
    stamp = event.get("timestamp")
    return {"time": float(stamp)} if isinstance(stamp, (int, float)) else {}


def latest_turn(messages: list[dict]) -> list[dict]:
    """The last user message and everything the bot said after it."""
    for index in range(len(messages) - 1, -1, -1):
        if messages[index]["role"] == "user":
            return messages[index:]
    return messages
