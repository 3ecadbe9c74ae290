"""The one list of what changes Rasa's behaviour, and the only code that installs or undoes it.

- `SUPPORTED_RASA_VERSION` is the Rasa every patch was written against. On any other version
  `install()` logs an ERROR and installs only the guards (bounded action calls, no memory
  fallback, signed action calls, server-issued socket.io ids): a speedup copies Rasa's code
  and could silently change what the bot says, a guard only ever fails louder.
- Every change goes through a setter that records (owner, attribute, original), so
  `uninstall()` puts back exactly what was there (tests install and uninstall around each test).
- Installing twice changes nothing.
- `report()` is what the readiness route shows.

Process patches are installed by `install()` (isobot.rasa_patches.startup, before Rasa's server
starts), agent guards by `install_agent_guards(agent)` once the model is loaded, the socket.io
handlers by the channel that builds the socket.io server (`install_channel_override`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from isobot.rasa_patches import (
    action_call_format,
    action_result_validator,
    action_timeout,
    applied_events,
    event_classes,
    failsafe_store,
    past_states,
    signed_action_calls,
    socketio_handlers,
    tracker_copy,
    tracker_store_overrides,
)
from isobot.rasa_patches.base import Patch, Setter

logger = logging.getLogger(__name__)

SUPPORTED_RASA_VERSION = "3.6.21"

# (declaration, apply) in install order; an agent guard's apply also takes the agent.
PROCESS: tuple[tuple[Patch, Callable[[Setter], Any]], ...] = (
    (action_timeout.PATCH, action_timeout.apply),
    (action_result_validator.PATCH, action_result_validator.apply),
    (event_classes.PATCH, event_classes.apply),
    (applied_events.PATCH, applied_events.apply),
    (past_states.PATCH, past_states.apply),
    (tracker_copy.PATCH, tracker_copy.apply),
    (action_call_format.PATCH, action_call_format.apply),
)
AGENT: tuple[tuple[Patch, Callable[[Setter, Any], Any]], ...] = (
    (failsafe_store.PATCH, failsafe_store.apply),
    (signed_action_calls.PATCH, signed_action_calls.apply),
)
CHANNEL: tuple[Patch, ...] = (socketio_handlers.PATCH,)
SUBCLASS: tuple[Patch, ...] = (tracker_store_overrides.PATCH,)
ALL: tuple[Patch, ...] = (*(p for p, _ in PROCESS), *(p for p, _ in AGENT), *CHANNEL, *SUBCLASS)

_MISSING = object()


@dataclass
class Record:
    """One change: `original` is what the owner itself held (_MISSING when it was inherited
    or absent, so that undoing deletes the attribute again)."""

    owner: Any
    attribute: str
    original: Any
    replacement: Any

    def live(self) -> bool:
        current = (
            self.owner.get(self.attribute, _MISSING)
            if isinstance(self.owner, dict)
            else _own(self.owner, self.attribute)
        )
        return current is self.replacement

    def undo(self) -> None:
        if isinstance(self.owner, dict):
            if self.original is _MISSING:
                self.owner.pop(self.attribute, None)
            else:
                self.owner[self.attribute] = self.original
        elif self.original is _MISSING:
            delattr(self.owner, self.attribute)
        else:
            setattr(self.owner, self.attribute, self.original)


def _own(owner: Any, attribute: str) -> Any:
    if attribute == "__class__":
        return type(owner)
    return vars(owner).get(attribute, _MISSING) if hasattr(owner, "__dict__") else getattr(owner, attribute)


@dataclass
class _State:
    rasa_version: str | None = None
    version_supported: bool | None = None
    records: dict[str, list[Record]] = field(default_factory=dict)
    agents: list[int] = field(default_factory=list)


_state = _State()


def _setter(name: str) -> Setter:
    records = _state.records.setdefault(name, [])

    def set_recorded(owner: Any, attribute: str, value: Any) -> None:
        if isinstance(owner, dict):
            owner_value = owner.get(attribute, _MISSING)
            owner[attribute] = value
        else:
            owner_value = _own(owner, attribute)
            setattr(owner, attribute, value)
        records.append(Record(owner, attribute, owner_value, value))

    return set_recorded


def install(rasa_version: str | None = None) -> dict[str, Any]:
    """Install the process patches: all of them on the supported Rasa, only the guards on any
    other. `rasa_version` defaults to `rasa.__version__`, read now."""
    if _state.rasa_version is not None:
        return report()
    if rasa_version is None:
        import rasa

        rasa_version = str(rasa.__version__)
    _state.rasa_version = rasa_version
    _state.version_supported = rasa_version == SUPPORTED_RASA_VERSION
    if not _state.version_supported:
        logger.error(
            "Rasa %s is not the version isobot's Rasa patches were written against (%s): only the "
            "safety guards are installed, none of the speedups. Re-read docs/rasa_patches.md and run "
            "tests/rasa_patches/test_tripwire.py before changing SUPPORTED_RASA_VERSION.",
            rasa_version,
            SUPPORTED_RASA_VERSION,
        )
    for patch, apply in PROCESS:
        if patch.kind == "guard" or _state.version_supported:
            apply(_setter(patch.name))
    return report()


def install_agent_guards(agent: Any) -> dict[str, Any]:
    """The guards that change the loaded agent (Sanic `after_server_start`: Rasa loads the
    agent in `before_server_start`). Once per agent."""
    if id(agent) not in _state.agents:
        _state.agents.append(id(agent))
        for patch, apply in AGENT:
            if apply(_setter(patch.name), agent) is False:
                _state.records.pop(patch.name, None)  # nothing to guard with: not reported as on
    return report()


def install_channel_override(patch: Patch, apply: Callable[[Setter], None]) -> None:
    """For a channel that replaces what Rasa registered on its own server (socket.io)."""
    if patch not in CHANNEL:
        raise ValueError(f"{patch.name} is not declared in isobot.rasa_patches.registry.CHANNEL")
    apply(_setter(patch.name))


def uninstall() -> None:
    """Put back every original, last change first, and forget the installation."""
    for records in reversed(list(_state.records.values())):
        for record in reversed(records):
            record.undo()
    _state.records.clear()
    _state.agents.clear()
    _state.rasa_version = _state.version_supported = None


def installed(kind: str) -> list[str]:
    """Names of the patches of `kind` whose every change is still in place."""
    kinds = {patch.name: patch.kind for patch in ALL}
    return [
        name
        for name, records in _state.records.items()
        if kinds[name] == kind and all(record.live() for record in records)
    ]


def report() -> dict[str, Any]:
    import rasa

    return {
        "rasa_version": str(rasa.__version__) if _state.rasa_version is None else _state.rasa_version,
        "supported_rasa_version": SUPPORTED_RASA_VERSION,
        "version_supported": bool(_state.version_supported),
        "patches_installed": installed("speedup"),
        "guards_installed": installed("guard"),
        "overrides_by_subclass": [patch.name for patch in SUBCLASS],
    }
