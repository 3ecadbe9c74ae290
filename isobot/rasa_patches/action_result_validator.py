"""Speedup: validate action-server responses with a validator built once.

Rasa's `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
Rasa's large events schema against the JSON Schema meta-schema, on every action-server call:
about 95% of the validation and a third of an answered turn. The schema is a constant, so it
is checked once here and the validator reused; every response is still validated in full,
with Rasa's error message. Each event is checked against the one event schema its type
selects, not all 23 (`_event_type_dispatch`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isobot.rasa_patches.base import Original, Patch, Setter

PATCH = Patch(
    name="action_result_validator",
    kind="speedup",
    scope="process",
    replaces=(
        Original(
            "rasa.core.actions.action:RemoteAction._validate_action_result",
            "(self, result: Dict[str, Any]) -> bool",
            "f8cdb4be68123961",
        ),
    ),
    why="jsonschema.validate re-checks the constant events schema against the meta-schema on every "
    "action call, and tests each event against all 23 event schemas of its oneOf",
    gain="66 -> 32 ms per message in-process together with the event-class lookup (bench/profile_turn.py, "
    "commit 89aea52); response validation 0.69 -> 0.10 ms, action call 0.58x (make profile, commit "
    "be2037f; docs/deploy.md levers table)",
)


def apply(setter: Setter) -> None:
    from jsonschema import ValidationError, exceptions, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    is_valid = _event_type_dispatch(schema, validator_class)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if is_valid(result):
            return True
        # As jsonschema.validate does, minus the schema check: report the best-matching error.
        error = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        assert isinstance(error, ValidationError)
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    setter(RemoteAction, "_validate_action_result", _validate_action_result)


def _event_type_dispatch(schema: dict[str, Any], validator_class: Any) -> Callable[[Any], bool]:
    """A quick yes for valid action responses. Each event must match exactly one of the
    schema's 23 event schemas (`oneOf`), so jsonschema checks every event against all of them.
    Each of those fixes `event` to a different constant, so an event of type T can only match
    T's: checking that one is the same test. Anything this does not accept goes to the full
    validator, which decides and explains."""
    events_schema = schema["properties"]["events"]
    items = events_schema["items"]
    by_type = {branch["properties"]["event"]["const"]: branch for branch in items["oneOf"]}
    if len(by_type) != len(items["oneOf"]):  # two schemas for one type: no shortcut
        return lambda result: False
    common = {key: value for key, value in items.items() if key != "oneOf"}
    event_validators = {
        event_type: validator_class({**common, "allOf": [branch]}) for event_type, branch in by_type.items()
    }
    envelope = validator_class(
        {
            **schema,
            "properties": {
                **schema["properties"],
                "events": {key: value for key, value in events_schema.items() if key != "items"},
            },
        }
    )

    def is_valid(result: Any) -> bool:
        if not envelope.is_valid(result):
            return False
        for event in result.get("events") or ():
            event_validator = event_validators.get(event.get("event")) if isinstance(event, dict) else None
            if event_validator is None or not event_validator.is_valid(event):
                return False
        return True

    return is_valid
