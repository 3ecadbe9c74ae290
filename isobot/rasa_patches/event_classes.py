"""Speedup: remember which Event class each stored type name resolves to.

Rasa's `Event.resolve_by_type` walks the whole Event class tree for each event it
deserialises, and the tracker store deserialises the whole session on every turn: about 70%
of reading a tracker, and the main reason late messages in a conversation were slower. The
class for each type name is remembered; unknown names still go to Rasa's lookup (and its
errors).
"""

from __future__ import annotations

from isobot.rasa_patches.base import Original, Patch, Setter

PATCH = Patch(
    name="event_classes",
    kind="speedup",
    scope="process",
    replaces=(
        Original(
            "rasa.shared.core.events:Event.resolve_by_type",
            "(type_name: str, default: Optional[Type[ForwardRef('Event')]] = None) -> Optional[Type[ForwardRef('Event')]]",  # noqa: E501 (Rasa's signature, verbatim)
            "b5cf570fa7f286c7",
        ),
    ),
    why="it walks the whole Event class tree for every stored event on every tracker read",
    gain="about 70% of reading a tracker; 66 -> 32 ms per message in-process together with the "
    "action-result validator (bench/profile_turn.py, commit 89aea52)",
)


def apply(setter: Setter) -> None:
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    known: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = known.get(type_name)
        if cls is None:
            cls = rasa_resolve(type_name, default)
            # Only a real match is remembered: a default or None depends on the caller.
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                known[type_name] = cls
        return cls

    setter(Event, "resolve_by_type", staticmethod(resolve_by_type))
