"""Which flags of safety/red_flags.yml fire in one sentence, given what the detector found in it.

The detector (isobot/safety/detector.py) reads a message into sentences of told and asked-about
concepts, each with its context; this module is the one place that turns those into hits.
"""

from __future__ import annotations

from collections.abc import Sequence

from isobot.safety.findings import PRESENT_CONTEXTS, READ_OR_ASKED_ABOUT, FlagHit
from isobot.safety.flags import Flag


def told_hits(
    flags: Sequence[Flag],
    present: set[str],
    context: str,
    sentence_text: str,
    is_question: bool,
    asked_only: set[str],
) -> list[FlagHit]:
    """The flags that the concepts told in one sentence raise."""
    hits = []
    for flag in flags:
        if flag.tier != "soon":
            if flag.fires(present):
                hits.append(FlagHit(flag.id, flag.tier, flag.escalation, context, sentence_text))
            continue
        # A question about a "soon" symptom ("how long does the pain last after stopping?",
        # "should i quit because of my back?") is an ordinary question: it gets the answer.
        met = flag.met(present)
        if (
            met
            and flag.allows(present)
            and context in PRESENT_CONTEXTS
            and not is_question
            and not all(all(c in asked_only for c in alt) for alt in met)
        ):
            hits.append(FlagHit(flag.id, flag.tier, flag.escalation, context, sentence_text))
    return hits


def asked_hits(flags: Sequence[Flag], present: set[str], sentence_text: str) -> list[FlagHit]:
    """The flags a sentence only asks or reads about: information, never an alarm ("soon" never)."""
    return [
        FlagHit(flag.id, flag.tier, flag.escalation, READ_OR_ASKED_ABOUT, sentence_text)
        for flag in flags
        if flag.tier != "soon" and flag.fires(present)
    ]
