"""The topic entities the words imply where the entity ruler found none (used by topic_router.py).

The ruler (data/entities/ruler_patterns.yml) knows the catalogue's own words; patients use
everyday ones: "pins and needles" is the nerve cause, "driving" and "standing desks" the
posture advice, "keep going to work" the stay-active advice. The ruler's entities come first;
these only fill a gap, and only from the words of the clause that asks.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from isobot.nlu.topic_evidence import Clause, Evidence

ROUTED = "topic_router"
CAUSES_INTENT = "ask_causes"


def name_the_mechanism(evidence: Evidence, message: Message) -> None:
    """ "Pins and needles, is that from accutane?" asks about the nerve cause, not all causes."""
    if (message.get(INTENT) or {}).get("name") != CAUSES_INTENT:
        return
    entities = message.get(ENTITIES) or []
    kept = _without_where_words(evidence, message.get(TEXT), entities)
    if len(kept) != len(entities):
        message.set(ENTITIES, kept, add_to_output=True)
        entities = kept
    if any(e.get("entity") == "mechanism" for e in entities):
        return
    mechanism = evidence.mechanism_named(evidence.affirmed(message.get(TEXT)))
    if mechanism:
        added = {"entity": "mechanism", "value": mechanism, "start": 0, "end": 0, "extractor": ROUTED}
        message.set(ENTITIES, [*entities, added], add_to_output=True)


def _without_where_words(evidence: Evidence, text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A mechanism found only by a word for where it hurts ("joint") yields to another one named."""
    mechanisms = [e for e in entities if e.get("entity") == "mechanism"]

    def where(e: dict[str, Any]) -> bool:
        return text[e.get("start", 0) : e.get("end", 0)].lower().strip() in evidence.where_words

    values = {e.get("value") for e in mechanisms}
    named = {e.get("value") for e in mechanisms if not where(e)}
    if len(values) < 2 or not named:
        return entities
    return [e for e in entities if e.get("entity") != "mechanism" or e.get("value") in named]


def name_the_strategy(evidence: Evidence, message: Message, asking: list[Clause]) -> None:
    """Adds the strategy an asking clause names in everyday words, placed in that clause so the
    router counts it as the question's own ("does driving make it worse?" is the posture advice)."""
    entities = message.get(ENTITIES) or []

    def asked(e: dict[str, Any]) -> bool:
        return any(c.start <= e.get("start", -1) < c.end for c in asking)

    if any(e.get("entity") == "strategy" and asked(e) for e in entities):
        return  # the ruler found the question's own strategy
    found = {
        (value, clause.start + start, clause.start + end)
        for clause in asking
        for value, start, end in evidence.strategies_named(clause.text)
    }
    if len({value for value, _, _ in found}) != 1:
        return  # none, or two strategies: the classifier's reading stands
    value, start, end = min(found, key=lambda f: f[1])
    added = {"entity": "strategy", "value": value, "start": start, "end": end, "extractor": ROUTED}
    message.set(ENTITIES, [*entities, added], add_to_output=True)
