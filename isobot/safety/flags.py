"""One red flag of safety/red_flags.yml and the one test of when it fires, shared by the
per-message detector and the across-turns check (isobot/safety/conversation.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    id: str
    tier: str
    escalation: str
    when: tuple[tuple[str, ...], ...]
    # Alternatives that stop the flag in a sentence where all their concepts are told: "my right
    # leg gave out, only that one" is one leg's weakness, not both legs'.
    unless: tuple[tuple[str, ...], ...] = ()

    def allows(self, present: set[str] | frozenset[str]) -> bool:
        return not any(all(c in present for c in alternative) for alternative in self.unless)

    def met(self, present: set[str] | frozenset[str]) -> tuple[tuple[str, ...], ...]:
        """Every alternative all of whose concepts are told (the across-turns check and the
        asked-only test of a "soon" flag need which ones, not only whether one is)."""
        return tuple(alternative for alternative in self.when if all(c in present for c in alternative))

    def fires(self, present: set[str] | frozenset[str]) -> bool:
        """A told alternative and no `unless`; short-circuits, as it runs per flag and sentence."""
        return any(all(c in present for c in alternative) for alternative in self.when) and self.allows(present)
