"""Entities from the project's spaCy entity ruler, with canonical values (the pattern id).

Rasa's SpacyEntityExtractor reports the matched text ("roaccutane"); answers are keyed by
canonical values ("isotretinoin", "bone_density"), which the ruler already knows.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RulerEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"labels": ["medication", "body_part", "symptom", "mechanism", "strategy"]}

    def __init__(self, config: dict[str, Any]) -> None:
        self._labels = frozenset(config["labels"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RulerEntityExtractor:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            found = [
                {
                    "entity": ent.label_,
                    "value": ent.ent_id_ or ent.text,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "confidence": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for ent in doc.ents
                if ent.label_ in self._labels
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
