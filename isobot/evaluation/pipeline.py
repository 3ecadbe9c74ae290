"""Run a trained model's NLU pipeline in-process (evaluation and the safety gate in CI)."""
from __future__ import annotations

import asyncio
from typing import Iterable

from isobot.safety.tiers import INTENT_TIERS


def load_agent(model_path: str):
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Unconfigured, Rasa's structured logger prints every parsed message (text included) at
    # debug level; evaluation and tests must not spill patient-like text into logs.
    configure_structlog(logging.WARNING)
    return Agent.load(model_path)


def parse_all(agent, texts: Iterable[str]) -> list[dict]:
    async def _parse() -> list[dict]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(_parse())


def tier_of(parse: dict) -> str:
    """The tier the patient gets for a parsed message (none when it is answered normally)."""
    return INTENT_TIERS.get((parse.get("intent") or {}).get("name"), "none")
