"""action_suggest_topics: "Did you mean…" buttons instead of a wrong answer; scope reminder."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import CatalogueAction
from actions.truncation_notice import tell_if_truncated
from isobot.content.catalogue import Catalogue
from isobot.content.topics import suggestions

OUT_OF_SCOPE_INTENT = "out_of_scope"


def offer_topics(
    dispatcher: CollectingDispatcher,
    catalogue: Catalogue,
    message: dict[str, Any],
    response: str,
    exclude: tuple[str, ...] = (),
    language: str | None = None,
) -> None:
    """`language` is the conversation's (the `language` slot): the titles follow it, as the
    response's own text does by its condition on the same slot."""
    ranking = message.get("intent_ranking") or []
    if response in ("utter_out_of_scope", "utter_related_topics"):
        ranking = []
    buttons = [
        {"title": a.label_for(language), "payload": f"/{a.intents[0]}"}
        for a in suggestions(catalogue, ranking, exclude=exclude)
        if a.intents
    ]
    dispatcher.utter_message(response=response, buttons=buttons)


class ActionSuggestTopics(CatalogueAction):
    def name(self) -> str:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        response = "utter_out_of_scope" if intent == OUT_OF_SCOPE_INTENT else "utter_did_you_mean"
        tell_if_truncated(dispatcher, message)
        offer_topics(dispatcher, self.catalogue, message, response, language=tracker.get_slot("language"))
        return []
