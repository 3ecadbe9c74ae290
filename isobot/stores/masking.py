"""What of a patient's message is written to the tracker store: identifiers masked, length capped.

The turn itself still sees the raw text (the safety detector reads all of it); only what is
stored is masked (isobot.stores.tracker_store writes through these)."""

from __future__ import annotations

from typing import Any

from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.events import Event, SlotSet, UserUttered

from isobot.security.limits import MAX_STORED_TEXT_CHARS
from isobot.staff.privacy import mask_identifiers, mask_nested


def masked_event_data(event: Event) -> dict[str, Any]:
    """The event as Rasa serialises it, with identifiers masked in everything the client sent:
    the patient's words (capped at MAX_STORED_TEXT_CHARS), the message's metadata, and the
    session_started_metadata slot Rasa fills with the first message's metadata."""
    data = event.as_dict()
    if isinstance(event, UserUttered):
        if isinstance(data.get("text"), str):
            data["text"] = stored_text(data["text"])
        if data.get("metadata") is not None:
            data["metadata"] = mask_nested(data["metadata"])
        parse_data = data.get("parse_data")
        if isinstance(parse_data, dict):
            if isinstance(parse_data.get("text"), str):
                parse_data["text"] = stored_text(parse_data["text"])
            if parse_data.get("metadata") is not None:
                parse_data["metadata"] = mask_nested(parse_data["metadata"])
    elif isinstance(event, SlotSet) and event.key == SESSION_START_METADATA_SLOT and data.get("value") is not None:
        data["value"] = mask_nested(data["value"])
    return data


def stored_text(text: str) -> str:
    """What is kept of a patient's message: masked, and no more than MAX_STORED_TEXT_CHARS
    (the turn itself, and the red-flag detector, read the whole message)."""
    return mask_identifiers(text[:MAX_STORED_TEXT_CHARS])
