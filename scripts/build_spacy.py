"""Build the project's own spaCy pipeline (no pretrained model can be downloaded here).

blank English tokenizer + lookup lemmatizer (spacy-lookups-data) + an entity ruler
whose patterns come from data/entities/ruler_patterns.yml. Also writes the list of
known English words the red-flag detector uses to decide what is a misspelling.

Spanish (--lang es): blank Spanish tokenizer + lookup lemmatizer only (the red-flag detector
needs nothing more), with every lookup entry also stored without its vowel accents, because
the Spanish rules and messages are matched accent-folded ("orinó" and "orino" both lemmatise
to "orinar"). Its known-word list is folded the same way.

Usage: python scripts/build_spacy.py OUTPUT_DIR [PATTERNS_YML] [--lang es]
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import cast

import spacy
from spacy.pipeline import EntityRuler, Lemmatizer

from isobot.content.yaml_file import safe_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from isobot.text import fold_accents  # noqa: E402

KNOWN_WORDS_FILE = "known_words.txt"
# Words rarer than this (log probability) are left out of the known-word list, so that a
# misspelling which happens to be an obscure word ("blader") still gets corrected.
MIN_LOG_PROB = -15.5


def load_ruler_patterns(path: Path) -> list[dict]:
    data = safe_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a mapping of label -> value -> phrases")
    patterns = []
    for label, values in data.items():
        if label == "version":
            continue
        if not isinstance(values, dict):
            raise SystemExit(f"{path}: key '{label}' must map canonical values to phrase lists")
        for value, phrases in values.items():
            if not isinstance(phrases, list) or not phrases:
                raise SystemExit(f"{path}: key '{label}.{value}' must be a non-empty list")
            for phrase in phrases:
                patterns.append({"label": label, "pattern": str(phrase).lower(), "id": str(value)})
    return patterns


def known_words(lang: str = "en") -> list[str]:
    import spacy_lookups_data

    table_path = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lexeme_prob.json.gz"
    with gzip.open(table_path, "rt", encoding="utf-8") as handle:
        probs = json.load(handle)
    return sorted(w for w, p in probs.items() if p >= MIN_LOG_PROB and w.isalpha() and w.islower())


def build_spanish(output: Path) -> None:
    nlp = spacy.blank("es")
    lemmatizer = cast(Lemmatizer, nlp.add_pipe("lemmatizer", config={"mode": "lookup"}))
    nlp.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    # Accent-folded forms are added, never overwriting a form that exists unaccented already
    # ("esta" the pronoun stays "este"; "está" folded only fills in where nothing was).
    folded = {}
    for form, lemma in _items(table):
        key = fold_accents(form.lower())
        if key != form and key not in table and key not in folded:
            folded[key] = fold_accents(lemma.lower())
    for key, lemma in folded.items():
        table[key] = lemma
    nlp.meta["name"] = "isobot_es"
    nlp.meta["description"] = "Blank Spanish + accent-folded lookup lemmatizer (built by scripts/build_spacy.py)"
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    words = sorted({fold_accents(w) for w in known_words("es")})
    (output / KNOWN_WORDS_FILE).write_text("\n".join(words) + "\n", encoding="utf-8")


def _items(table):
    """(form, lemma) of a spaCy lookups Table, whose keys are stored hashed: the original
    strings come from the JSON the table was read from."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "es_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(json.load(handle).items())


def project_words(patterns: list[dict]) -> set[str]:
    """The project's own vocabulary (drug names and slang, body words: "tane", "roacc"), which the
    detector must never "correct" towards a red-flag word ("tane" is not "take")."""
    return {w for p in patterns for w in p["pattern"].split() if w.isalpha()}


def build(output: Path, patterns_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = cast(
        EntityRuler, nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    )
    nlp.initialize()
    ruler.add_patterns(load_ruler_patterns(patterns_path))
    nlp.meta["name"] = "isobot_en"
    nlp.meta["description"] = "Blank English + lookup lemmatizer + entity ruler (built by scripts/build_spacy.py)"
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    words = sorted(set(known_words()) | project_words(load_ruler_patterns(patterns_path)))
    (output / KNOWN_WORDS_FILE).write_text("\n".join(words) + "\n", encoding="utf-8")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--lang" and a != "es"]
    out = Path(args[0])
    if "--lang" in sys.argv and "es" in sys.argv:
        build_spanish(out)
    else:
        pats = Path(args[1]) if len(args) > 1 else Path("data/entities/ruler_patterns.yml")
        build(out, pats)
    print(f"spaCy pipeline written to {out}")
