"""What a patch declares: the Rasa internals it replaces, as they were when it was written.

A patch module holds one `PATCH` and an `apply(setter, ...)` that changes Rasa only through
the setter, so the registry knows every (owner, attribute, original) and can put them back.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

# A speedup only makes Rasa faster; a guard stops it failing silently or insecurely. On an
# unsupported Rasa version only the guards are installed (isobot/rasa_patches/registry.py).
Kind = Literal["speedup", "guard"]
# When it is installed: in the process before Rasa starts, on the loaded agent, by the
# channel that builds the socket.io server, or by naming a subclass in endpoints.yml.
Scope = Literal["process", "agent", "channel", "subclass"]

Setter = Callable[[Any, str, Any], None]


@dataclass(frozen=True)
class Original:
    """One Rasa internal a patch replaces, or relies on keeping its shape; `signature` and
    `source_sha256` are Rasa 3.6.21's (tests/rasa_patches/test_tripwire.py compares them).
    A module global has no source: its repr is fingerprinted instead."""

    target: str  # "module:Qualified.name"
    signature: str
    source_sha256: str


@dataclass(frozen=True)
class Patch:
    name: str
    kind: Kind
    scope: Scope
    replaces: tuple[Original, ...]
    why: str
    gain: str  # the measured effect, with where it was measured


def resolve(target: str) -> Any:
    """The object `module:Qualified.name` names, unwrapped as Rasa defines it (a static
    method's function, not the descriptor)."""
    module_name, _, qualname = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    value: Any = owner
    for part in qualname.split("."):
        owner, value = value, getattr(value, part)
    raw = vars(owner).get(qualname.rsplit(".", 1)[-1]) if hasattr(owner, "__dict__") else None
    if isinstance(raw, staticmethod):
        return raw.__func__
    return value


def fingerprint(value: Any) -> tuple[str, str]:
    """(signature, sha256 of the source) of a function or class; for a plain value, ("", the
    sha256 of its repr)."""
    value = inspect.unwrap(value) if callable(value) and not inspect.isclass(value) else value
    if inspect.isfunction(value) or inspect.isclass(value) or inspect.ismethod(value):
        try:
            signature = str(inspect.signature(value))
        except (TypeError, ValueError):
            signature = ""
        return signature, hashlib.sha256(inspect.getsource(value).encode()).hexdigest()[:16]
    return "", hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def drifted(original: Original, current: Any | None = None) -> list[str]:
    """What no longer matches: [] while Rasa still has what the patch was written against."""
    signature, source = fingerprint(resolve(original.target) if current is None else current)
    changes = []
    if signature != original.signature:
        changes.append(f"signature {original.signature!r} is now {signature!r}")
    if source != original.source_sha256:
        changes.append(f"source hash {original.source_sha256} is now {source}")
    return changes
