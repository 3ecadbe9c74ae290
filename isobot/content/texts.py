"""Every text a patient can be shown, with its readability: answers, escalations, the guided
check, the short lines of domain.yml and the service notices.

Gated (tests/test_readability.py): every answer, and each escalation's first sentence, the
instruction the patient must act on; every answer's Spanish text (`answer_es`). The rest is
measured and reported, not gated (the Spanish escalation instructions too, for now).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content import readability
from isobot.content.readability import Score
from isobot.content.yaml_file import read_mapping, safe_yaml

SERVICE = settings.ROOT / "content" / "service.yml"
RATE_LIMIT = settings.ROOT / "content" / "rate_limit.yml"
DOMAIN = settings.ROOT / "domain.yml"


@dataclass(frozen=True)
class PatientText:
    kind: str  # answer, answer_es, escalation, escalation_instruction(_es), screening, domain, service
    id: str
    text: str
    score: Score
    gated: bool


def _measured(kind: str, text_id: str, text: str, numbers: dict[str, str], gated: bool = False) -> PatientText:
    return PatientText(kind, text_id, text, readability.measure(text, numbers), gated)


def patient_texts(
    catalogue: Any, screening_path: Path | str = settings.SCREENING, domain_path: Path | str = DOMAIN
) -> list[PatientText]:
    numbers = catalogue.region_numbers(None)
    texts = [_measured("answer", a.id, a.text, numbers, gated=True) for a in catalogue.answers.values()]
    texts += spanish_texts(catalogue)
    for escalation in catalogue.escalations.values():
        texts.append(_measured("escalation", escalation.id, escalation.text, numbers))
        instruction = readability.first_sentence(escalation.text, numbers)
        texts.append(
            PatientText(
                "escalation_instruction", escalation.id, instruction, readability.measure_sentence(instruction), True
            )
        )
    screening = read_mapping(screening_path)
    texts.append(_measured("screening", "intro", screening["intro"]["text"], numbers))
    for question in screening["questions"]:
        texts.append(_measured("screening", question["slot"], question["text"], numbers))
    responses = safe_yaml(Path(domain_path).read_text(encoding="utf-8")).get("responses") or {}
    for name, variations in sorted(responses.items()):
        for index, variation in enumerate(variations):
            suffix = f"[{index}]" if len(variations) > 1 else ""
            texts.append(_measured("domain", name + suffix, variation["text"], numbers))
    for name, text in read_mapping(SERVICE)["notices"].items():
        texts.append(_measured("service", name, text, numbers))
    texts.append(_measured("service", "slow_down", read_mapping(RATE_LIMIT)["slow_down"], numbers))
    return texts


def spanish_texts(catalogue: Any) -> list[PatientText]:
    """Each answer's Spanish text (gated) and each escalation's Spanish instruction, with the
    region's Spanish numbers filled in (988's Spanish option)."""
    numbers = catalogue.region_numbers(None, readability.SPANISH)
    texts = []
    for answer in catalogue.answers.values():
        if readability.SPANISH in answer.translations:
            text = answer.translations[readability.SPANISH].text
            score = readability.measure(text, numbers, readability.SPANISH)
            texts.append(PatientText("answer_es", answer.id, text, score, True))
    for escalation in catalogue.escalations.values():
        if readability.SPANISH in escalation.translations:
            instruction = readability.first_sentence(escalation.translations[readability.SPANISH].text, numbers)
            score = readability.measure_sentence(instruction, readability.SPANISH)
            texts.append(PatientText("escalation_instruction_es", escalation.id, instruction, score, False))
    return texts


def scores(texts: list[PatientText], kind: str) -> dict[str, Score]:
    return {t.id: t.score for t in texts if t.kind == kind}
