"""The buttons last shown to each sender, so that a reply of "2" on SMS picks option 2.

Kept in the Rasa process's memory: one Rasa process per channel deployment (the default
here). Several Rasa processes behind a load balancer would need a shared store instead.
The memory is consumed by the very next message from that sender: an old list never
turns a later, unrelated number into a button press.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from threading import Lock
from typing import Any

MAX_SENDERS = 10_000
OPTION_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class ButtonMemory:
    def __init__(self, max_senders: int = MAX_SENDERS) -> None:
        self._buttons: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._max = max_senders
        self._lock = Lock()

    def remember(self, sender: str, buttons: list[dict[str, Any]]) -> None:
        with self._lock:
            self._buttons[sender] = list(buttons)
            self._buttons.move_to_end(sender)
            while len(self._buttons) > self._max:
                self._buttons.popitem(last=False)

    def resolve(self, sender: str, text: str) -> str:
        """The payload of the chosen option when `text` is its number; otherwise `text` unchanged."""
        with self._lock:
            buttons = self._buttons.pop(sender, None)
        match = OPTION_NUMBER.match(text or "")
        if buttons and match and 1 <= int(match.group(1)) <= len(buttons):
            return buttons[int(match.group(1)) - 1].get("payload") or text
        return text
