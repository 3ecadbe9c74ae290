"""Fixtures the safety tests share: the Spanish rules' detector is built once per session,
not once per test module (four modules read it)."""

from __future__ import annotations

import pytest

from isobot import settings
from isobot.safety.detector import RedFlagDetector


@pytest.fixture(scope="session")
def detector_es() -> RedFlagDetector:
    return RedFlagDetector.from_paths(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES)


def reading(detector: RedFlagDetector, message: str) -> tuple[str, str | None]:
    """The tier and escalation the detector gives one message."""
    finding = detector.detect(message)
    return finding.tier, finding.escalation
