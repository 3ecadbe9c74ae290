"""First pipeline step: give every later component clean, bounded text.

The stored user event keeps exactly what the patient typed; only what the classifiers see
is normalised. The detector still scans the whole message (FULL_TEXT), so a red flag at the
end of a 20,000-character message is not lost to truncation.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from isobot.nlu import message_keys as keys
from isobot.text import is_readable, looks_non_english, normalise


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class InputNormaliser(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": 1000}

    def __init__(self, config: dict[str, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputNormaliser:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            if message.get(TEXT):
                message.set(TEXT, normalise(message.get(TEXT)))
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        raw: str | None = message.get(TEXT)
        if raw is None:
            return
        cleaned = normalise(raw)
        found = []
        if not is_readable(cleaned):
            found.append(keys.UNREADABLE)
        elif looks_non_english(cleaned):
            found.append(keys.NON_ENGLISH)
        if len(cleaned) > self._max_chars:
            found.append(keys.TRUNCATED)
        message.set(keys.FULL_TEXT, cleaned)
        message.set(keys.NOTICES, found, add_to_output=True)
        message.set(TEXT, cleaned[: self._max_chars])
