"""What one turn's bot messages amount to, from the names of the responses sent.

A response's name is on every bot event of the tracker (metadata.utter_action), so this
reads what the patient was shown, not what the classifier thought.
"""

from __future__ import annotations

from dataclasses import dataclass

from isobot.content.catalogue import ANSWER_RESPONSE_PREFIX, ESCALATION_RESPONSE_PREFIX
from isobot.safety.tiers import TIER_RANK

DID_YOU_MEAN = "utter_did_you_mean"
# Lines that acknowledge rather than answer: a question must never get only one of these.
ACKNOWLEDGEMENTS = frozenset(
    {
        "utter_feedback_thanks",
        "utter_feedback_sorry",
        "utter_you_are_welcome",
        "utter_goodbye",
        "utter_data_kept",
        "utter_screening_skipped",
    }
)


@dataclass(frozen=True)
class Outcome:
    responses: tuple[str, ...]
    texts: tuple[str, ...] = ()  # what each response said, in the same order (the language it spoke)

    @property
    def tier(self) -> str:
        """The highest escalation tier the patient was shown, or none."""
        tiers = [
            r[len(ESCALATION_RESPONSE_PREFIX) :] for r in self.responses if r.startswith(ESCALATION_RESPONSE_PREFIX)
        ]
        tiers = [t for t in tiers if t in TIER_RANK]
        return max(tiers, key=TIER_RANK.__getitem__) if tiers else "none"

    @property
    def escalated_first(self) -> bool:
        """An escalation, when there is one, is the first thing the patient reads."""
        return bool(self.responses) and self.responses[0].startswith(ESCALATION_RESPONSE_PREFIX)

    @property
    def answers(self) -> tuple[str, ...]:
        return tuple(r[len(ANSWER_RESPONSE_PREFIX) :] for r in self.responses if r.startswith(ANSWER_RESPONSE_PREFIX))

    @property
    def did_you_mean(self) -> bool:
        return DID_YOU_MEAN in self.responses

    @property
    def acknowledgement_only(self) -> bool:
        """Only acknowledgement lines (and perhaps the feedback question): no answer at all."""
        shown = [r for r in self.responses if r != "utter_ask_feedback"]
        return bool(shown) and all(r in ACKNOWLEDGEMENTS for r in shown)

    @property
    def kind(self) -> str:
        """One word for the misses table."""
        if self.tier != "none":
            return f"escalation:{self.tier}"
        if self.answers:
            return "answer:" + ",".join(self.answers)
        if self.did_you_mean:
            return "did_you_mean"
        if self.acknowledgement_only:
            return "acknowledgement"
        return ",".join(self.responses) or "silence"
