"""Guard: action-server calls time out after ACTION_TIMEOUT_SECONDS (default 3), not 5 minutes.

Rasa calls the action server with a hard-coded 5-minute timeout
(rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT, read by RemoteAction.run; no setting
exists). A hung action server would leave the patient waiting for minutes; with the bound the
call fails fast and the channel's apology goes out within 5 seconds.
"""

from __future__ import annotations

import os

from isobot.rasa_patches.base import Original, Patch, Setter

VARIABLE = "ACTION_TIMEOUT_SECONDS"
DEFAULT_SECONDS = 3.0

PATCH = Patch(
    name="action_timeout",
    kind="guard",
    scope="process",
    replaces=(
        Original("rasa.core.actions.action:DEFAULT_REQUEST_TIMEOUT", "", "983bd614bb5afece"),
        # Where it is read: a change here may stop reading the module global.
        Original(
            "rasa.core.actions.action:RemoteAction.run",
            "(self, output_channel: 'OutputChannel', nlg: 'NaturalLanguageGenerator', tracker: 'DialogueStateTracker', domain: 'Domain') -> List[rasa.shared.core.events.Event]",  # noqa: E501 (Rasa's signature, verbatim)
            "ccabf6f1160d527a",
        ),
    ),
    why="a hung action server would keep the patient waiting 5 minutes (Rasa's hard-coded timeout)",
    gain="not a speedup: the apology reaches the patient within 5 s of a hung action server "
    "(tests/integration/test_faults.py; commit 712cc96)",
)


def seconds() -> float:
    raw = os.environ.get(VARIABLE, "")
    try:
        value = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        raise ValueError(f"{VARIABLE} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{VARIABLE} must be more than 0")
    return value


def apply(setter: Setter) -> None:
    import rasa.core.actions.action as rasa_actions

    setter(rasa_actions, "DEFAULT_REQUEST_TIMEOUT", seconds())
