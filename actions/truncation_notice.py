"""Notices about how the patient's message was read (for now: it was too long and cut)."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from isobot.nlu import message_keys as keys


def tell_if_truncated(dispatcher: CollectingDispatcher, message: dict[str, Any]) -> None:
    if keys.TRUNCATED in (message.get(keys.NOTICES) or []):
        dispatcher.utter_message(response="utter_truncated_notice")
