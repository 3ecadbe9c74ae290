"""Run a trained model's NLU pipeline in-process (evaluation and the safety gate in CI)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from isobot.safety.findings import INFO_ESCALATION
from isobot.safety.tiers import INTENT_TIERS

if TYPE_CHECKING:  # Rasa loads TensorFlow: imported only where an agent is loaded
    from rasa.core.agent import Agent


def load_agent(model_path: str) -> Agent:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Unconfigured, Rasa's structured logger prints every parsed message (text included) at
    # debug level; evaluation and tests must not spill patient-like text into logs.
    configure_structlog(logging.WARNING)
    return Agent.load(model_path)


def parse_all(agent: Agent, texts: Iterable[str]) -> list[dict[str, Any]]:
    async def _parse() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(_parse())


def tier_of(parse: dict[str, Any]) -> str:
    """The tier the patient gets for a parsed message (none when it is answered normally).

    A catalogue question beside a red flag only read about keeps its intent and carries the
    red-flag information's escalation, which follows the answer (isobot/nlu/gate_decision.py)."""
    name = (parse.get("intent") or {}).get("name")
    tier = INTENT_TIERS.get(name, "none") if isinstance(name, str) else "none"
    escalations = {e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "escalation"}
    return "info" if tier == "none" and INFO_ESCALATION in escalations else tier
