"""Turn two of Rasa 3.6's silent failure modes into visible ones, once the agent is loaded.

- Rasa wraps every tracker store in FailSafeTrackerStore: when the database fails it answers
  from an empty in-memory tracker and saves there, so the patient loses the conversation
  context now and its events later, with only a log line. We unwrap it: a database error
  reaches the channel, which tells the patient the service is unavailable
  (isobot.channels.rest), and the health check reports it.
- Rasa calls the action server with a hard-coded 5-minute timeout
  (rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT; no setting exists). A hung action server
  would leave the patient waiting for minutes; with ACTION_TIMEOUT_SECONDS (default 3) the
  call fails fast and the channel's apology goes out within 5 seconds.

It also makes the action endpoint sign each call instead of sending the shared secret
(isobot/security/action_signing.py), so a captured call cannot be replayed.

Installed by the health channel (credentials.yml), which every profile enables.
"""
from __future__ import annotations

import logging
import os
from typing import Any

import rasa.core.actions.action as rasa_actions
from rasa.core.tracker_store import FailSafeTrackerStore

from isobot import rasa_speedups
from isobot.security.action_signing import TOKEN_NAME
from isobot.security.secret_files import read_secret
from isobot.security.signed_action_endpoint import sign_action_calls

logger = logging.getLogger(__name__)
DEFAULT_ACTION_TIMEOUT_SECONDS = 3.0


def action_timeout_seconds() -> float:
    raw = os.environ.get("ACTION_TIMEOUT_SECONDS", "")
    try:
        seconds = float(raw) if raw else DEFAULT_ACTION_TIMEOUT_SECONDS
    except ValueError:
        raise ValueError(f"ACTION_TIMEOUT_SECONDS must be a number of seconds, not {raw!r}") from None
    if seconds <= 0:
        raise ValueError("ACTION_TIMEOUT_SECONDS must be more than 0")
    return seconds


def refuse_memory_fallback(agent: Any) -> None:
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        agent.tracker_store = store._tracker_store
        if getattr(agent, "processor", None) is not None:
            agent.processor.tracker_store = agent.tracker_store


def bound_action_calls(seconds: float) -> None:
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = seconds


async def install(app: Any, _loop: Any = None) -> None:
    """Sanic `after_server_start` listener: Rasa loads the agent in `before_server_start`."""
    bound_action_calls(action_timeout_seconds())
    rasa_speedups.install()
    agent = getattr(app.ctx, "agent", None)
    if agent is None:
        logger.error("No agent loaded at start-up; the tracker store guard was not installed.")
        return
    refuse_memory_fallback(agent)
    if not sign_action_calls(agent, read_secret(TOKEN_NAME)):
        logger.warning("%s is not set: action-server calls are not signed.", TOKEN_NAME)
