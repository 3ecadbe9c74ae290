"""Build a fresh rasa_sdk Tracker per test, shaped like what the Rasa server sends."""

from __future__ import annotations

from rasa_sdk import Tracker


def make_tracker(
    intent: str,
    entities: list[dict] | None = None,
    slots: dict | None = None,
    ranking: list[tuple[str, float]] | None = None,
    notices: list[str] | None = None,
    safety: dict | None = None,
    active_loop: str | None = None,
    text: str = "a message",
    sender_id: str = "patient-1",
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [(intent, 0.9)])],
        "input_notices": notices or [],
    }
    if safety is not None:
        latest["safety"] = safety
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value, "start": 0, "end": 1, "extractor": "RulerEntityExtractor"}


def responses(dispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]
