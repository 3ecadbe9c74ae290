"""The learned red-flag net: a linear model over character and word n-grams that can only ADD
an escalation to what the deterministic rules found (safety/red_flag_net.yml says why, and
what it learns from). The SafetyGate trains it with the model and asks it once per message.

It reads one message at a time: combining turns, negation scope and the other person are the
rules' job (isobot/safety/detector.py), and the gate never lets the net override them.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from isobot.content.errors import ContentError
from isobot.content.yaml_file import read_mapping
from isobot.safety.findings import Finding
from isobot.safety.tiers import ACT_NOW_TIERS, TIER_RANK
from isobot.text import fold_accents, normalise

# What the net tells apart: an act-now red flag of either tier, or no act-now alarm. "info" and
# "soon" are not act-now: the rules alone decide those.
LEARNED_TIERS = ("none", *ACT_NOW_TIERS)
GENERIC_ESCALATION = "{tier}_generic"
# Inside a trained model's SafetyGate resource: the net, and the settings it was trained with.
NET_FILE = "red_flag_net.joblib"
SETTINGS_FILE = "red_flag_net.yml"


@dataclass(frozen=True)
class Example:
    text: str
    tier: str  # one of LEARNED_TIERS
    family: str | None = None


@dataclass(frozen=True)
class NetSettings:
    threshold: float
    family_threshold: float
    intent_tiers: dict[str, str]  # classifier intent -> the tier its training examples teach
    families: dict[str, str]  # corpus red-flag family -> escalation id


@dataclass(frozen=True)
class NetVerdict:
    tier: str
    escalation: str
    probability: float
    family: str | None


def load_settings(path: Path | str) -> NetSettings:
    data = read_mapping(path)
    try:
        settings = NetSettings(
            float(data["threshold"]),
            float(data["family_threshold"]),
            {str(k): str(v) for k, v in data["intent_tiers"].items()},
            {str(k): str(v) for k, v in data["families"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ContentError(path, f"needs threshold, family_threshold, intent_tiers and families ({error})") from None
    if not (0.5 <= settings.threshold <= 1 and 0 <= settings.family_threshold <= 1):
        raise ContentError(path, "threshold must be in [0.5, 1] and family_threshold in [0, 1]", key="threshold")
    bad = sorted(t for t in settings.intent_tiers.values() if t not in ACT_NOW_TIERS)
    if bad:
        raise ContentError(path, f"intent tiers must be act-now tiers {ACT_NOW_TIERS}, not {bad}", key="intent_tiers")
    return settings


def load_examples(path: Path | str) -> list[Example]:
    data = read_mapping(path)
    examples = []
    for index, spec in enumerate(data.get("examples") or []):
        if (
            not isinstance(spec, dict)
            or not str(spec.get("text") or "").strip()
            or spec.get("tier") not in LEARNED_TIERS
        ):
            raise ContentError(path, f"each example needs text and a tier in {LEARNED_TIERS}", key=f"examples[{index}]")
        examples.append(Example(str(spec["text"]), str(spec["tier"]), spec.get("family")))
    if not examples:
        raise ContentError(path, "no examples", key="examples")
    return examples


def _prepared(text: str, normalised: bool = False) -> str:
    return fold_accents(text if normalised else normalise(text))


def _predict_proba(pipeline: Pipeline, text: str) -> np.ndarray[Any, np.dtype[np.float64]]:
    """`pipeline.predict_proba([text])[0]`, without FeatureUnion's per-call joblib dispatch,
    which cost more than the two vectorisers themselves on one short message (`make bench`).
    tests/safety/test_learned_net.py checks it against scikit-learn's own result."""
    union, head = pipeline.steps[0][1], pipeline.steps[-1][1]
    features = sparse.hstack([part.transform([text]) for _, part in union.transformer_list]).tocsr()
    row: np.ndarray[Any, np.dtype[np.float64]] = head.predict_proba(features)[0]
    return row


def _classifier() -> Pipeline:
    # Character n-grams within word boundaries carry misspellings and slang ("cnt feel my lgs");
    # word pairs carry the phrase ("giving away"). Balanced classes: red flags are the minority.
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    return make_pipeline(features, LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000))


class RedFlagNet:
    def __init__(self, tiers: Pipeline, families: Pipeline | None, family_tiers: dict[str, str], settings: NetSettings):
        self._tiers = tiers
        self._families = families
        self._family_tiers = family_tiers
        self.settings = settings

    @classmethod
    def train(cls, examples: Iterable[Example], settings: NetSettings) -> RedFlagNet:
        examples = list(examples)
        tiers = _classifier().fit([_prepared(e.text) for e in examples], [e.tier for e in examples])
        flagged = [e for e in examples if e.family in settings.families and e.tier in ACT_NOW_TIERS]
        # A family's tier is the tier its examples carry (the corpus labels each family at one tier).
        votes: dict[str, Counter[str]] = {}
        for e in flagged:
            votes.setdefault(str(e.family), Counter())[e.tier] += 1
        family_tiers = {family: count.most_common(1)[0][0] for family, count in votes.items()}
        families = None
        if len(family_tiers) >= 2:
            families = _classifier().fit([_prepared(e.text) for e in flagged], [str(e.family) for e in flagged])
        return cls(tiers, families, family_tiers, settings)

    def save(self, path: Path) -> None:
        joblib.dump({"tiers": self._tiers, "families": self._families, "family_tiers": self._family_tiers}, path)

    @classmethod
    def load(cls, path: Path, settings: NetSettings) -> RedFlagNet:
        # Our own model file, written by train() into the trained Rasa model (as Rasa's own
        # sklearn classifiers are pickled there): it is never read from anywhere else.
        stored: dict[str, Any] = joblib.load(path)
        return cls(stored["tiers"], stored["families"], stored["family_tiers"], settings)

    def probabilities(self, text: str, normalised: bool = False) -> dict[str, float]:
        row = _predict_proba(self._tiers, _prepared(text, normalised))
        found = dict(zip(self._tiers.classes_, (float(p) for p in row)))
        return {tier: found.get(tier, 0.0) for tier in LEARNED_TIERS}

    def verdict(self, text: str, normalised: bool = False) -> NetVerdict | None:
        """The act-now escalation the net would add, or None when it is not sure enough.

        Emergency when its own probability reaches the threshold; else urgent when the
        probability of any act-now tier does (an urgent-or-worse message is at least urgent)."""
        p = self.probabilities(text, normalised)
        if p["emergency"] >= self.settings.threshold:
            tier, probability = "emergency", p["emergency"]
        elif p["emergency"] + p["urgent"] >= self.settings.threshold:
            tier, probability = "urgent", p["emergency"] + p["urgent"]
        else:
            return None
        family = self._family(text, normalised, tier)
        escalation = self.settings.families[family] if family else GENERIC_ESCALATION.format(tier=tier)
        return NetVerdict(tier, escalation, round(probability, 3), family)

    def adds(self, finding: Finding, text: str, normalised: bool = False) -> NetVerdict | None:
        """The net's verdict where it may add to the rules' finding: above its tier, and never
        over the rules' reading of a question or of someone not present ("info"), nor over a
        negation, a resolved past or a figure of speech they set aside in its scope, which a
        one-message n-gram model cannot see."""
        if finding.tier in ("info", "emergency") or finding.set_aside:
            return None
        verdict = self.verdict(text, normalised)
        return verdict if verdict and TIER_RANK[verdict.tier] > TIER_RANK[finding.tier] else None

    def _family(self, text: str, normalised: bool, tier: str) -> str | None:
        """The most likely family of that tier, if the net is sure enough of it."""
        if self._families is None:
            return None
        row = _predict_proba(self._families, _prepared(text, normalised))
        ranked = sorted(zip(row, self._families.classes_), reverse=True)
        of_tier = [(float(p), str(f)) for p, f in ranked if self._family_tiers.get(str(f)) == tier]
        if of_tier and of_tier[0][0] >= self.settings.family_threshold:
            return of_tier[0][1]
        return None


def train_net(
    intent_examples: Iterable[tuple[str, str]], settings_path: Path | str, examples_path: Path | str
) -> RedFlagNet:
    """A net from the classifier's (text, intent) examples and the examples file."""
    settings = load_settings(settings_path)
    examples = [Example(text, settings.intent_tiers.get(intent, "none")) for text, intent in intent_examples if text]
    return RedFlagNet.train(examples + load_examples(examples_path), settings)


def store(net: RedFlagNet, settings_path: Path | str, directory: Path) -> None:
    """Into a model's directory, with a copy of its settings, so the model is self-contained."""
    shutil.copyfile(settings_path, directory / SETTINGS_FILE)
    net.save(directory / NET_FILE)


def stored(directory: Path) -> RedFlagNet | None:
    """The net a model holds; None for a model trained before it existed."""
    if not (directory / NET_FILE).exists():
        return None
    return RedFlagNet.load(directory / NET_FILE, load_settings(directory / SETTINGS_FILE))
