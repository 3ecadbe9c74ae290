"""Two per-turn costs inside Rasa 3.6 that do no useful work, removed at server start.

Measured with `python -m bench.profile_turn` (cProfile of a 50-message conversation):

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
  Rasa's large events schema against the JSON Schema meta-schema, on every action-server
  call: about 95% of the validation and a third of an answered turn. The schema is a
  constant, so it is checked once here and the validator reused; every response is still
  validated in full, with Rasa's error message.
- `Event.resolve_by_type` walks the whole Event class tree for each event it deserialises,
  and the tracker store deserialises the whole session on every turn: about 70% of reading a
  tracker, and the main reason late messages in a conversation are slower. The class for
  each type name is remembered; unknown names still go to Rasa's lookup (and its errors).

Installed by `isobot.server_guards.install` (after the agent has loaded), never at import.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _reuse_action_result_validator()
    _remember_event_classes()
    _installed = True


def _reuse_action_result_validator() -> None:
    from jsonschema import ValidationError, exceptions, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
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

    RemoteAction._validate_action_result = _validate_action_result


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    known: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = known.get(type_name)
        if cls is None:
            cls = rasa_resolve(type_name, default)
            # Only a real match is remembered: a default or None depends on the caller.
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                known[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)
