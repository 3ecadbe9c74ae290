"""`make evaluate`'s Spanish part: the Spanish real-language corpus and the Spanish safety set,
end to end through the running Rasa server, like the English corpus.

A Spanish question is answered right when the patient got the labelled answer (as in English)
AND read it in Spanish: the answer's text is the catalogue's Spanish translation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isobot import settings
from isobot.content.catalogue import ANSWER_RESPONSE_PREFIX, Catalogue
from isobot.evaluation import report
from isobot.evaluation.corpus import Case, load_corpus
from isobot.evaluation.e2e import Conversations
from isobot.evaluation.replies import Outcome
from isobot.evaluation.scoring import answered_right, language_metrics, safety_metrics
from isobot.safety.cases import load_cases, score

SPANISH_CORPUS = settings.ROOT / "tests" / "real_language" / "es" / "corpus.yml"
SPANISH_SAFETY_SET = settings.ROOT / "tests" / "safety" / "es" / "cases.yml"
# Written at stop 28 by a helper who never read the rules, the data or the other sets; never
# used to write a rule (first contact on the stop-27 rules: reports/first_contact/s28_blind).
SPANISH_SAFETY_BLIND = settings.ROOT / "tests" / "safety" / "es" / "blind3.yml"
# Written blind at stop 21; its misses informed the rules at stop 22.
SPANISH_SAFETY_INFORMED = settings.ROOT / "tests" / "safety" / "es" / "informed.yml"
# Written blind at stop 22 (it was blind.yml until stop 25); its misses informed the rules at stop 25.
SPANISH_SAFETY_INFORMED2 = settings.ROOT / "tests" / "safety" / "es" / "informed2.yml"
# Written blind at stop 25 (it was blind.yml until stop 27); its misses informed the rules at stop 27.
SPANISH_SAFETY_INFORMED3 = settings.ROOT / "tests" / "safety" / "es" / "informed3.yml"
# Written blind at stop 26 (it was blind2.yml until stop 28); its misses informed the rules at stop 29.
SPANISH_SAFETY_INFORMED4 = settings.ROOT / "tests" / "safety" / "es" / "informed4.yml"
SAFETY_SETS = {
    "blind3": ("Blind Spanish safety set (stop 28; never used to write a rule)", SPANISH_SAFETY_BLIND),
    "informed4": (
        "Fifth Spanish safety set (blind until stop 28, now tuned on: not evidence)",
        SPANISH_SAFETY_INFORMED4,
    ),
    "informed3": (
        "Fourth Spanish safety set (blind until stop 27, now tuned on: not evidence)",
        SPANISH_SAFETY_INFORMED3,
    ),
    "informed2": (
        "Third Spanish safety set (blind until stop 25, now tuned on: not evidence)",
        SPANISH_SAFETY_INFORMED2,
    ),
    "informed": (
        "Second Spanish safety set (blind until stop 22, now tuned on: not evidence)",
        SPANISH_SAFETY_INFORMED,
    ),
    "tuning": ("First Spanish safety set (blind until stop 21, now tuned on: not evidence)", SPANISH_SAFETY_SET),
}
LANGUAGE = "es"


def in_spanish(catalogue: Catalogue, outcome: Outcome) -> bool:
    """The first answer shown was its Spanish text."""
    shown = [
        (name, text) for name, text in zip(outcome.responses, outcome.texts) if name.startswith(ANSWER_RESPONSE_PREFIX)
    ]
    if not shown:
        return False
    name, text = shown[0]
    answer = catalogue.answers.get(name[len(ANSWER_RESPONSE_PREFIX) :])
    return answer is not None and text.strip() == answer.text_for(LANGUAGE).strip()


def corpus_figures(catalogue: Catalogue, pairs: list[tuple[Case, Outcome]]) -> dict[str, Any]:
    figures = language_metrics(pairs)
    in_scope = [(c, o) for c, o in pairs if c.in_scope_question]
    right = [(c, o) for c, o in in_scope if answered_right(c, o) and o.answers]
    spanish = [c.id for c, o in right if in_spanish(catalogue, o)]
    figures["answered_in_spanish"] = len(spanish) / len(right) if right else 0.0
    figures["answered_not_in_spanish_ids"] = sorted({c.id for c, _ in right} - set(spanish))
    return {"cases": len(pairs), "language": figures, "safety": safety_metrics(pairs)}


def evaluate_corpus(
    conversations: Conversations, catalogue: Catalogue, path: Path = SPANISH_CORPUS
) -> dict[str, Any] | None:
    """Per split, like the English corpus; None while the Spanish corpus is not there."""
    if not path.exists():
        return None
    cases = load_corpus(path, frozenset(catalogue.answers))
    outcomes = conversations.play_all((c.id, [*c.turns, c.text]) for c in cases)
    pairs = list(zip(cases, outcomes))
    return {
        name: corpus_figures(catalogue, [(c, o) for c, o in pairs if c.split == name])
        for name in ("blind", "informed", "train")
        if any(c.split == name for c in cases)
    }


def evaluate_safety(conversations: Conversations, path: Path = SPANISH_SAFETY_SET) -> dict[str, Any]:
    """The Spanish safety set (tuning since issue 14), end to end: the tier each case's last message was shown."""
    cases = load_cases(path)
    outcomes = conversations.play_all((f"es{i}", list(c.turns)) for i, c in enumerate(cases))
    result = score(cases, [o.tier for o in outcomes])
    return {
        "size": len(cases),
        "counts": result.counts,
        "recall": result.recall,
        "false_emergency_rate": result.false_emergency_rate,
        "misses": [{"turns": list(c.turns), "expected": c.expect, "got": got} for c, got in result.misses],
    }


def evaluate_safety_sets(conversations: Conversations) -> dict[str, dict[str, Any]]:
    return {name: evaluate_safety(conversations, path) for name, (_, path) in SAFETY_SETS.items()}


def _safety_section(title: str, result: dict[str, Any]) -> str:
    tiers = "\n".join(f"| {t} | {result['counts'][t]} | {result['recall'][t]:.3f} |" for t in result["recall"])
    misses = "\n".join(
        f"- {' → '.join(f'`{t}`' for t in m['turns'])}: expected **{m['expected']}**, got {m['got']}"
        for m in result["misses"]
    )
    return (
        f"## {title}\n\nCases: {result['size']}\n\n| tier | cases | recall |\n|---|---|---|\n{tiers}\n\n"
        f"False emergency alarms on harmless messages: **{result['false_emergency_rate']:.1%}**\n\n"
        f"### Misses\n{misses or 'none'}\n"
    )


def write_safety_report(results: dict[str, dict[str, Any]], out: Path) -> None:
    sections = [_safety_section(SAFETY_SETS[name][0], result) for name, result in results.items()]
    report.write(out, "safety_es", "Spanish safety sets, end to end", sections, results)


def write_corpus_report(result: dict[str, Any], out: Path, titles: dict[str, str]) -> None:
    sections = []
    for name, figures in result.items():
        language = figures["language"]
        sections.append(
            report.language_markdown(f"{titles[name]}: {figures['cases']} cases", language)
            + f"\nRight answers shown in Spanish: **{language['answered_in_spanish']:.1%}**"
            + f" (not in Spanish: {', '.join(language['answered_not_in_spanish_ids']) or 'none'})\n"
        )
    report.write(out, "real_language_es", "Spanish real-language corpus, end to end", sections, result)


def summary(corpus: dict[str, Any] | None, safety: dict[str, dict[str, Any]]) -> str:
    lines = []
    for name, figures in (corpus or {}).items():
        language = figures["language"]
        lines.append(
            f"spanish {name}: {figures['cases']} cases; top-1 {language['top1_accuracy']:.3f}, did-you-mean "
            f"{language['did_you_mean_share']:.1%}, answered in Spanish {language['answered_in_spanish']:.1%}"
        )
    for name, result in safety.items():
        lines.append(
            f"spanish safety ({name}): "
            + ", ".join(f"{t} recall {v:.3f}" for t, v in result["recall"].items())
            + f"; false emergency {result['false_emergency_rate']:.1%} ({result['size']} cases)"
        )
    return "\n".join(lines)
