"""Red flags said in parts: across the sentences of a message, and the last few turns of a session.

"My lower back is killing me" and, a turn later, "temp is 39.4" is back pain with fever.
Each part alone fires nothing; together they are an emergency. Only what the patient
affirmed about themself, now, is carried (a denied, past, hypothetical or other person's
symptom is not), and a flag fires across turns only when the current message supplies part
of it: an old flag is not sent again for an unrelated message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from isobot.safety.context_scope import GETTING_BETTER
from isobot.safety.detector import RedFlagDetector
from isobot.safety.findings import Finding, FlagHit
from isobot.safety.tiers import TIER_RANK

if TYPE_CHECKING:
    from rasa.shared.core.trackers import DialogueStateTracker

# How many earlier messages of the session are read: a symptom told five turns ago is old news.
EARLIER_TURNS = 3
ACROSS_TURNS = "(across sentences or turns)"


def across_turns(detector: RedFlagDetector, now: Finding, earlier: Sequence[Finding]) -> Finding:
    added = []
    easing = GETTING_BETTER in now.set_aside
    for context, field in (("personal", "personal_concepts"), ("other_person", "other_concepts")):
        carried = {c for finding in earlier for c in getattr(finding, field)}
        current = set(getattr(now, field))
        if not current:
            continue
        present = carried | current
        asked_only = set(now.asked_own) - carried
        for flag in detector.rules.flags:
            for alternative in flag.met(present):
                # A question about a back the patient says is easing gets its answer (the
                # detector set it aside): its parts do not add up to a "soon" flag either.
                if flag.tier == "soon" and (easing or all(c in asked_only for c in alternative)):
                    continue
                # The current message supplies a part, even one told before: "tengo fiebre", then
                # "39.1" alone, is the fever again, with the back pain of two turns ago.
                if any(c in current for c in alternative) and flag.allows(present):
                    added.append(FlagHit(flag.id, flag.tier, flag.escalation, context, ACROSS_TURNS))
                    break
    if not added or max(TIER_RANK[h.tier] for h in added) <= TIER_RANK[now.tier]:
        return now
    return detector.finding(
        [*now.hits, *added],
        now.corrections,
        now.concepts,
        now.set_aside,
        now.personal_concepts,
        now.other_concepts,
        now.denied,
        now.asked_own,
    )


def earlier_texts(tracker: DialogueStateTracker | None, limit: int = EARLIER_TURNS) -> list[str]:
    """The patient's last few typed messages of the current session (button payloads left out)."""
    if tracker is None:
        return []
    texts: list[str] = []
    for event in reversed(list(tracker.events)):
        name = getattr(event, "type_name", "")
        if name in ("session_started", "restart"):
            break
        if name == "user":
            text = getattr(event, "text", None) or ""
            if text and not text.startswith("/"):
                texts.append(text)
                if len(texts) == limit:
                    break
    return list(reversed(texts))
