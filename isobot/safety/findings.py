"""What the red-flag detector says about a message: the flags it fired and in which context.

A Finding is what the SafetyGate decides on, what the rate limits ask and what staff see in
"explain a reply"; it is built only by RedFlagDetector.finding (isobot/safety/detector.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

INFO_ESCALATION = "red_flags_info"
# Contexts whose red flags need action now: the patient's own, and those of someone they are with.
PRESENT_CONTEXTS = frozenset({"personal", "other_person"})
# The context of a red flag the patient read, heard or asks about: information, not action now.
READ_OR_ASKED_ABOUT = "hypothetical"


@dataclass(frozen=True)
class FlagHit:
    flag: str
    tier: str  # the flag's own tier
    escalation: str
    context: str  # personal | other_person | third_party | hypothetical
    sentence: str


@dataclass(frozen=True)
class Finding:
    tier: str  # none | info | soon | urgent | emergency
    hits: tuple[FlagHit, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    concepts: tuple[str, ...] = field(default=())  # concepts seen, affirmed (for staff explanations)
    # Red-flag words the detector saw and deliberately set aside (explicit negation, a resolved
    # past): the classifier must not put them back.
    set_aside: tuple[str, ...] = field(default=())
    # Concepts affirmed as present now, about the patient (personal) or about someone they are
    # with (other_person): what a later sentence or turn may combine with, each person apart.
    personal_concepts: tuple[str, ...] = field(default=())
    other_concepts: tuple[str, ...] = field(default=())
    # Concepts the patient explicitly denied ("no numbness, bladder fine"): the guided check
    # does not ask about them again.
    denied: tuple[str, ...] = field(default=())
    # The patient's own concepts told only inside a question ("shud i quit tane cos of my back"):
    # they raise no "soon" flag, here or across turns (it is a question; it gets the answer).
    asked_own: tuple[str, ...] = field(default=())

    @property
    def personal_hits(self) -> tuple[FlagHit, ...]:
        """Flags happening now, to the patient or to someone they are with: both need action now."""
        return tuple(h for h in self.hits if h.context in PRESENT_CONTEXTS)

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(h.flag for h in self.hits)

    @property
    def escalation(self) -> str | None:
        """The escalation message id to send, or None for no escalation."""
        if self.tier == "none":
            return None
        if self.tier == "info":
            return INFO_ESCALATION
        return self.personal_hits[0].escalation
