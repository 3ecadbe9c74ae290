"""Paths and environment-driven settings, resolved from the project root (no file I/O here).

Every other module reads its paths and environment switches from here, so one file shows
what the project reads from disk and from the environment.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SPACY_PIPELINE = ROOT / "build" / "spacy" / "isobot_en"
RED_FLAG_RULES = ROOT / "safety" / "red_flags.yml"
SPACY_PIPELINE_ES = ROOT / "build" / "spacy" / "isobot_es"
RED_FLAG_RULES_ES = ROOT / "safety" / "red_flags.es.yml"
# Greetings and one-word replies that say which language a too-short message is in (isobot/safety/language.py)
SHORT_MESSAGE_WORDS = ROOT / "safety" / "short_messages.yml"
ANSWERS = ROOT / "content" / "answers.yml"
ESCALATIONS = ROOT / "content" / "escalations.yml"
SCREENING = ROOT / "content" / "screening.yml"
SERVICE_NOTICES = ROOT / "content" / "service.yml"  # the channels' replies when a turn cannot run
SLOW_DOWN = ROOT / "content" / "rate_limit.yml"  # the rate limits' polite reply
WIDGET = ROOT / "content" / "widget.yml"  # the web widget's own words
DOMAIN = ROOT / "domain.yml"  # intents, slots, rules' names and the English conversational lines
RESPONSES_ES = ROOT / "content" / "responses.es.yml"  # those lines in Spanish
OTHER_LANGUAGES = ROOT / "content" / "other_languages.yml"  # the reply to a language not spoken here
ARTICLE = ROOT / "content" / "article" / "isotretinoin-lower-back-pain.txt"
DATA_DIR = ROOT / "var"


def region() -> str | None:
    """Region for emergency numbers (US, UK, EU); None means the content file's default."""
    return os.environ.get("ASSISTANT_REGION") or None


def channel_settings(
    channel: str, required: dict[str, str], optional: dict[str, str] | None = None
) -> dict[str, str] | None:
    """{setting: value} from the environment, or None (and one log line) when any required one is unset.

    A channel whose variables are not all set is OFF. It says so in one log line at start-up
    and its webhook answers 503, so a half-configured deployment never crashes Rasa and never
    runs a channel that cannot verify who is calling it. `required` and `optional` map a
    setting name to its environment variable.
    """
    missing = [variable for variable in required.values() if not os.environ.get(variable, "").strip()]
    if missing:
        # WARNING, not INFO: it must show even when LOG_LEVEL=WARNING (production, evaluate runs).
        logger.warning("%s channel off: set %s to enable", channel, ", ".join(required.values()))
        return None
    values = {name: os.environ[variable].strip() for name, variable in required.items()}
    for name, variable in (optional or {}).items():
        value = os.environ.get(variable, "").strip()
        if value:
            values[name] = value
    return values
