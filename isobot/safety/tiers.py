"""The one vocabulary of red-flag tiers, from none to emergency, and the intents that carry them.

Every module that compares, lists or routes on a tier reads it from here, so that a tier
cannot mean one thing to the detector and another to the rate limiter or the evaluation.
"""

from __future__ import annotations

from typing import Final

TIERS: Final = ("none", "info", "soon", "urgent", "emergency")  # lowest first
TIER_RANK: Final = {tier: rank for rank, tier in enumerate(TIERS)}
HIGHEST_FIRST: Final = tuple(reversed(TIERS))
# The tiers a red flag has (safety/red_flags.yml): each sends its escalation message, is logged
# for staff and is caught in the safety sets at its tier or above.
ESCALATING_TIERS: Final = ("soon", "urgent", "emergency")
ESCALATING_HIGHEST_FIRST: Final = tuple(reversed(ESCALATING_TIERS))
# Care is needed today ("soon" is days): such a message is never held back, by a rate limit or
# anything else, and a classifier alone may raise one.
ACT_NOW_TIERS: Final = ("urgent", "emergency")

TIER_INTENTS: Final = {
    "emergency": "report_emergency_symptom",
    "urgent": "report_urgent_symptom",
    "soon": "report_persistent_symptom",
    "info": "ask_red_flags",
}
INTENT_TIERS: Final = {intent: tier for tier, intent in TIER_INTENTS.items()}
