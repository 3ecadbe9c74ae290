"""The SafetyGate's order of authority, in one place: which intent and escalation a message
gets from the detector's finding, the learned net's verdict, the input notices and the
classifier. The gate (isobot/nlu/safety_gate.py) reads the message; this decides.

Highest first:
  1. the learned net's act-now verdict (it is only ever given where it may add: above the
     rules' tier, never over a question, someone not present or a set-aside reading);
  2. the detector's finding: a present red flag escalates; a red flag only asked about, read
     about or someone else's ("info") gets the red-flag information, and when the classifier
     is sure the message asks one of the catalogue's questions, that answer comes first with
     the red-flag information after it as its safety net (actions/answer.py);
  3. unreadable or non-English input;
  4. the classifier, which may add an escalation but never remove one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from isobot.nlu import message_keys as keys
from isobot.safety.findings import INFO_ESCALATION, READ_OR_ASKED_ABOUT, Finding
from isobot.safety.learned_net import NetVerdict
from isobot.safety.tiers import ACT_NOW_TIERS, ESCALATING_TIERS, INTENT_TIERS, TIER_INTENTS
from isobot.text import fold_accents

UNCERTAIN_SYMPTOM_INTENT = "report_back_pain"
LOW_CONFIDENCE_INTENT = "nlu_fallback"
NOTICE_INTENTS = {keys.UNREADABLE: "input_unreadable", keys.NON_ENGLISH: "input_non_english"}
QUESTION_INTENT_PREFIX = "ask_"


def decide(
    finding: Finding,
    classifier: dict[str, Any],
    found_notices: list[str],
    net: NetVerdict | None,
    threshold: float,
) -> tuple[str | None, str | None]:
    """(intent, escalation id or None) for one message."""
    name: str | None = classifier.get("name")  # None when no classifier ran: kept as it is
    confidence = float(classifier.get("confidence") or 0.0)
    tier = INTENT_TIERS.get(name or "")
    if net is not None:
        return TIER_INTENTS[net.tier], net.escalation
    if finding.tier == "info" and (
        _sure_of_a_catalogue_question(name, tier, confidence, threshold)
        or _asked_beside_a_read_about(finding, classifier)
    ):
        # "The leaflet lists pancreatitis, I have none of that: is back pain common?" asks about
        # back pain; the red-flag information alone would not answer it.
        return name, INFO_ESCALATION
    if finding.tier != "none":
        return TIER_INTENTS[finding.tier], finding.escalation
    for notice, intent in NOTICE_INTENTS.items():
        if notice in found_notices:
            return intent, None
    # On a truncated message the classifier saw only the first part (and, out of its
    # depth, is confidently wrong); the detector read all of it, so its "none" stands.
    truncated = keys.TRUNCATED in found_notices
    trusted = not finding.set_aside and not truncated
    if tier in ESCALATING_TIERS and truncated:
        return LOW_CONFIDENCE_INTENT, None
    if tier == "info":
        return name, INFO_ESCALATION
    if tier in ACT_NOW_TIERS:
        # The classifier adds an escalation only for words the detector has no opinion on:
        # never over an explicit, scoped negation or a resolved past the detector set aside.
        if confidence >= threshold and trusted:
            return name, f"{tier}_generic"
        return UNCERTAIN_SYMPTOM_INTENT, None
    if tier == "soon":
        return (name, "soon_generic") if trusted else (UNCERTAIN_SYMPTOM_INTENT, None)
    return name, None


def _asked_beside_a_read_about(finding: Finding, classifier: dict[str, Any]) -> bool:
    """ "The leaflet lists blindness, ive had none of that. what helps?": every red flag is only read
    or asked about (no one has it), and the asking clause's own words name the catalogue question
    the classifier was unsure of; an info finding never holds a present red flag."""
    name = str(classifier.get("name") or "")
    return (
        bool(finding.hits)
        and all(h.context == READ_OR_ASKED_ABOUT for h in finding.hits)
        and not finding.personal_hits
        and name.startswith(QUESTION_INTENT_PREFIX)
        and INTENT_TIERS.get(name) is None
        and bool(classifier.get(keys.ASKED_IN_CLAUSE))
    )


def _sure_of_a_catalogue_question(name: str | None, tier: str | None, confidence: float, threshold: float) -> bool:
    return bool(name) and str(name).startswith(QUESTION_INTENT_PREFIX) and tier is None and confidence >= threshold


def asked_in_another_language(finding: Finding, others: Iterable[Finding]) -> bool:
    """ "does accutane cause numbness in your legs?", read also by the Spanish rules: they know the
    English symptom words (patients mix languages) but not the English question around them. When
    another language's reader heard each of this finding's present red flags asked about, in the
    same sentence, that reading decides; a red flag told in any other sentence still stands."""
    asked = {(h.flag, _sentence_key(h.sentence)) for f in others for h in f.hits if h.context == READ_OR_ASKED_ABOUT}
    own = finding.personal_hits
    return bool(own) and all((h.flag, _sentence_key(h.sentence)) in asked for h in own)


def _sentence_key(sentence: str) -> str:
    # Each language's reader tokenises and spells the sentence its own way: compare its letters.
    return "".join(ch for ch in fold_accents(sentence.lower()) if ch.isalnum())
