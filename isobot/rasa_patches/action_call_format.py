"""Speedup: action-server calls carry the current turn's events, not the whole conversation.

Every action-server call carries the whole conversation's events, so the request grows with
every message (38 KiB at message 1, 154 KiB at message 50, mostly events and the domain).
With `send_full_history_to` in endpoints.yml's action_endpoint, the other actions get only the
current turn's events (from the action_listen before the latest user message): all that
rasa_sdk's latest-input, form-validation and slot helpers read. Without the key, Rasa's
behaviour is unchanged. `enable_selective_domain` does the same for the domain.
"""

from __future__ import annotations

from collections.abc import Reversible
from typing import Any

from isobot.rasa_patches.base import Original, Patch, Setter

FULL_HISTORY_KEY = "send_full_history_to"

PATCH = Patch(
    name="action_call_format",
    kind="speedup",
    scope="process",
    replaces=(
        Original(
            "rasa.core.actions.action:RemoteAction._action_call_format",
            "(self, tracker: 'DialogueStateTracker', domain: 'Domain') -> Dict[str, Any]",
            "428795b944f22edb",
        ),
    ),
    why="every action call serialises the whole conversation, and rasa_sdk parses it, for actions that read "
    "only the current turn",
    gain="action request 38-154 KiB -> 3 KiB flat; action time 5.7 -> 3.1 ms per message, no longer growing "
    "(bench/profile_turn.py, commit df06a51; docs/deploy.md levers table)",
)


def current_turn_events(events: Reversible[Any]) -> list[Any]:
    """The events since the action_listen that preceded the latest user message (all of them
    when there is no user message yet)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    turn: list[Any] = []
    seen_user = False
    for event in reversed(events):
        turn.append(event)
        seen_user = seen_user or isinstance(event, UserUttered)
        if seen_user and isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            break
    turn.reverse()
    return turn


def apply(setter: Setter) -> None:
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.trackers import EventVerbosity

    rasa_action_call_format = RemoteAction._action_call_format

    def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
        config = self.action_endpoint.kwargs if self.action_endpoint else {}
        full_history_to = config.get(FULL_HISTORY_KEY)
        if full_history_to is None or self.name() in full_history_to:
            result: dict[str, Any] = rasa_action_call_format(self, tracker, domain)
            return result
        # Rasa's request, with the current turn's events instead of all of them.
        state = tracker.current_state(EventVerbosity.NONE)
        state["events"] = [event.as_dict() for event in current_turn_events(tracker.events)]
        result = {
            "next_action": self._name,
            "sender_id": tracker.sender_id,
            "tracker": state,
            "version": rasa.__version__,
        }
        if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
            result["domain"] = domain.as_dict()
        return result

    _action_call_format.__wrapped__ = rasa_action_call_format  # type: ignore[attr-defined]
    setter(RemoteAction, "_action_call_format", _action_call_format)
