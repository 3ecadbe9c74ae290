"""Paths and environment-driven settings, resolved from the project root (no I/O here)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPACY_PIPELINE = ROOT / "build" / "spacy" / "isobot_en"
RED_FLAG_RULES = ROOT / "safety" / "red_flags.yml"
SPACY_PIPELINE_ES = ROOT / "build" / "spacy" / "isobot_es"
RED_FLAG_RULES_ES = ROOT / "safety" / "red_flags.es.yml"
ANSWERS = ROOT / "content" / "answers.yml"
ESCALATIONS = ROOT / "content" / "escalations.yml"
ARTICLE = ROOT / "content" / "article" / "isotretinoin-lower-back-pain.txt"
DATA_DIR = ROOT / "var"


def region() -> str | None:
    """Region for emergency numbers (US, UK, EU); None means the content file's default."""
    return os.environ.get("ASSISTANT_REGION") or None
SCREENING = ROOT / "content" / "screening.yml"
