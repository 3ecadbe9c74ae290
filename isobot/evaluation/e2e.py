"""Drive each case through a running Rasa server over REST, as a patient would.

Each case gets a conversation of its own. The earlier turns are sent first; the outcome is
what the bot said after the last message, read back from the tracker (the API token is
needed for that), so response names are exact.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from isobot.channels.conversation_ids import REST, conversation_id
from isobot.evaluation.replies import Outcome

# A split-across-turns red flag must escalate whether or not the guided check is open when
# its last part arrives: these payloads open it, or close it, just before that message.
OPEN_CHECK = "/report_back_pain"
CLOSE_CHECK = "/skip_check"


class Conversations:
    def __init__(self, rasa_url: str, api_token: str, workers: int = 4, timeout: float = 60) -> None:
        self.url = rasa_url.rstrip("/")
        self.token = api_token
        self.workers = workers
        self.timeout = timeout
        self.run = uuid.uuid4().hex[:8]

    def _send(self, client: httpx.Client, sender: str, text: str) -> None:
        reply = client.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        reply.raise_for_status()

    def _last_turn(self, client: httpx.Client, sender: str) -> Outcome:
        conversation = conversation_id(REST, sender)  # the REST webhook's conversations are rest:<sender>
        reply = client.get(f"{self.url}/conversations/{conversation}/tracker", params={"token": self.token})
        reply.raise_for_status()
        events = reply.json().get("events") or []
        last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
        bots = [e for e in events[last_user + 1 :] if e.get("event") == "bot"]
        names = tuple((e.get("metadata") or {}).get("utter_action") or "" for e in bots)
        return Outcome(names, tuple(e.get("text") or "" for e in bots))

    def play(self, messages: Sequence[str], label: str = "case") -> Outcome:
        """Send the messages in one new conversation; the outcome of the last one."""
        sender = f"eval-{self.run}-{label}-{uuid.uuid4().hex[:6]}"
        with httpx.Client(timeout=self.timeout) as client:
            for text in messages:
                self._send(client, sender, text)
            return self._last_turn(client, sender)

    def play_all(self, conversations: Iterable[tuple[str, Sequence[str]]]) -> list[Outcome]:
        items = list(conversations)
        with ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(lambda item: self.play(item[1], item[0]), items))


def with_check(turns: Sequence[str], text: str, open_check: bool) -> list[str]:
    """The conversation with the guided check opened (or closed) just before the last message."""
    return [*turns, OPEN_CHECK if open_check else CLOSE_CHECK, text]
