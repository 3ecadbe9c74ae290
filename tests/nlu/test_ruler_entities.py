"""The entity ruler's everyday words for catalogue topics (data/entities/ruler_patterns.yml),
read with the built spaCy pipeline as the RulerEntityExtractor reads it."""

from __future__ import annotations

import pytest
import spacy

from isobot import settings


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(settings.ROOT / "build" / "spacy" / "isobot_en")


@pytest.mark.parametrize(
    "text, label, value",
    [
        ("and what about my mattress, its about 10 years old", "strategy", "posture"),
        ("is sleeping on my side better for accutane back pain?", "strategy", "posture"),
        ("would a back brace help", "strategy", "posture"),
        ("chiro ok on accutane?", "strategy", "physiotherapy"),
        ("should i see an osteopath", "strategy", "physiotherapy"),
        ("started glucosamine and magnesium, do they help?", "strategy", "hydration_nutrition"),
        ("is it true roaccutane can stunt growth in kids?", "mechanism", "bone_density"),
    ],
)
def test_an_everyday_word_names_its_catalogue_topic(nlp, text, label, value):
    assert (label, value) in {(e.label_, e.ent_id_) for e in nlp(text.lower()).ents}
