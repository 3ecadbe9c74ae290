"""Which messaging channels are on: each one reads its secrets from the environment.

A channel whose variables are not all set is OFF. It says so in one log line at start-up
and its webhook answers 503, so a half-configured deployment never crashes Rasa and never
runs a channel that cannot verify who is calling it.
"""
from __future__ import annotations

import logging
import os
from typing import Optional

logger = logging.getLogger(__name__)


def channel_settings(channel: str, required: dict[str, str], optional: dict[str, str] | None = None
                     ) -> Optional[dict[str, str]]:
    """{setting: value} from the environment, or None (and one log line) when any required one is unset.

    `required` and `optional` map a setting name to its environment variable.
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
