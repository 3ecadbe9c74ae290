"""Pick catalogue entries from a parsed message and the conversation so far."""

from __future__ import annotations

from typing import Any

from isobot.content.catalogue import Answer, Catalogue

TOPIC_ENTITIES = ("mechanism", "strategy")
FOLLOWUP_INTENT = "ask_followup"


def topic_entities(latest_message: dict[str, Any]) -> dict[str, str]:
    return {
        e["entity"]: e["value"]
        for e in latest_message.get("entities") or []
        if e.get("entity") in TOPIC_ENTITIES and isinstance(e.get("value"), str)
    }


def choose_answer(
    catalogue: Catalogue, intent: str | None, entities: dict[str, str], last_answer_id: str | None
) -> Answer | None:
    """The entry for this turn: a specific topic if named, else the intent's entry, else 'more'."""
    usable = {k: v for k, v in entities.items() if intent in catalogue.entity_intents.get(k, ())}
    answer = catalogue.answer_for(intent, usable)
    if answer is None and intent == FOLLOWUP_INTENT and last_answer_id in catalogue.answers:
        more = catalogue.answers[last_answer_id].more
        answer = catalogue.answers.get(more) if more else None
    return answer


def suggestions(
    catalogue: Catalogue, intent_ranking: list[dict[str, Any]], limit: int = 3, exclude: tuple[str, ...] = ()
) -> list[Answer]:
    """Closest topics by the classifier's ranking, padded with the catalogue's default topics."""
    chosen: list[Answer] = [catalogue.answers[a] for a in exclude if a in catalogue.answers]
    limit += len(chosen)
    for ranked in intent_ranking:
        answer = catalogue.answer_for(ranked.get("name"), {})
        if answer and answer not in chosen:
            chosen.append(answer)
        if len(chosen) == limit:
            break
    for answer_id in catalogue.default_topics:
        answer = catalogue.answers[answer_id]
        if answer not in chosen and len(chosen) < limit:
            chosen.append(answer)
    return [a for a in chosen if a.id not in exclude]
