"""Temperatures written as numbers ("temp is 39.4", "102F", "38,6 de fiebre") as a fever.

A number alone is not a fever: "day 39", "40 mg", "pain 7/10" must stay quiet. A number
counts when it is in the feverish range for its scale AND something says it is a
temperature (a unit, or a temperature word in the same sentence), or when it is a bare
decimal in the Celsius fever range in a message of a few words ("39.4" sent as the answer
to "have you got a temperature?"). Thresholds and words live in safety/red_flags.yml.

A bare number in the Fahrenheit fever range ("101.8" alone) is only a possible reading
(`bare_readings`): it is a fever when an earlier turn set up a temperature ("just took my
temp"), which the rules combine across turns (isobot/safety/conversation.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NUMBER = re.compile(r"^(\d{2,3}(?:[.,]\d{1,2})?)(°?c|°?f|°)?$")
SHORT_MESSAGE_TOKENS = 6


@dataclass(frozen=True)
class TemperatureRules:
    celsius: tuple[float, float]
    fahrenheit: tuple[float, float]
    units: frozenset[str]  # tokens after the number that name a temperature unit
    words: frozenset[str]  # words in the sentence that make a number a temperature
    not_before: frozenset[str]  # "day 39", "age 40": the word before rules it out
    not_after: frozenset[str]  # "40 mg", "39 days": the word after rules it out
    # "100.0 on the scale", "paid 39.99", "bath at 40": a word near the number that says it
    # measures something else rules it out, unless a word just before names it a temperature
    # ("weighed myself, temp 39.2").
    measures: frozenset[str] = frozenset()
    named_by: frozenset[str] = frozenset()


MEASURE_REACH = 3  # tokens either side of the number, in its sentence


def _measures_something_else(i: int, words: Sequence[str], sentence_of: Sequence[int], rules: TemperatureRules) -> bool:
    near = [j for j in range(max(0, i - MEASURE_REACH), min(len(words), i + MEASURE_REACH + 1)) if j != i]
    near = [j for j in near if sentence_of[j] == sentence_of[i]]
    if any(words[j] in rules.named_by for j in near if j < i):
        return False
    return any(words[j] in rules.measures for j in near)


def _scale(unit: str) -> str | None:
    unit = unit.replace("°", "")
    return {"c": "c", "f": "f", "celsius": "c", "centigrade": "c", "fahrenheit": "f"}.get(unit)


def feverish_tokens(words: Sequence[str], sentence_of: Sequence[int], rules: TemperatureRules) -> list[int]:
    """Indexes of tokens that state a feverish temperature. `words` are lower-cased tokens."""
    found = []
    for i, word in enumerate(words):
        match = _NUMBER.match(word)
        if not match:
            continue
        value = float(match.group(1).replace(",", "."))
        before = words[i - 1] if i else ""
        after = [w for w in words[i + 1 : i + 3]]
        # "38 degree heat outside", "40 mg": a unit of something else, or weather, just after.
        if (
            before in rules.not_before
            or any(w in rules.not_after for w in words[i + 1 : i + 4])
            or (after and after[0].startswith("/"))
            or _measures_something_else(i, words, sentence_of, rules)
        ):
            continue
        unit = match.group(2) or ""
        scale = _scale(unit) if unit else None
        if scale is None:
            for w in after:
                if w == "°":
                    unit = unit or "°"
                    continue
                scale = _scale(w)
                if scale or w in rules.units:
                    unit = w
                break
        sentence_words = {w for w, s in zip(words, sentence_of) if s == sentence_of[i]}
        said_temperature = bool(unit) or bool(sentence_words & rules.words)
        in_c = rules.celsius[0] <= value <= rules.celsius[1]
        in_f = rules.fahrenheit[0] <= value <= rules.fahrenheit[1]
        feverish = in_c if scale == "c" else in_f if scale == "f" else (in_c or in_f)
        bare_decimal = "." in match.group(1) or "," in match.group(1)
        short = len([w for w in words if w.isalnum() or _NUMBER.match(w)]) <= SHORT_MESSAGE_TOKENS
        if feverish and (said_temperature or (bare_decimal and in_c and short)):
            found.append(i)
    return found


def bare_readings(words: Sequence[str], rules: TemperatureRules) -> list[int]:
    """Indexes of a lone number in the Fahrenheit fever range in a message of a few words
    ("101.8", "its 102"): not a fever by itself, a reading if a temperature was set up before."""
    if len([w for w in words if w.isalnum() or _NUMBER.match(w)]) > SHORT_MESSAGE_TOKENS:
        return []
    found = []
    for i, word in enumerate(words):
        match = _NUMBER.match(word)
        if not match or match.group(2):
            continue
        before = words[i - 1] if i else ""
        if before in rules.not_before or any(w in rules.not_after or w.startswith("/") for w in words[i + 1 : i + 4]):
            continue
        value = float(match.group(1).replace(",", "."))
        if rules.fahrenheit[0] <= value <= rules.fahrenheit[1]:
            found.append(i)
    return found
