"""Plain language: every answer, and every escalation's instruction, reads at Flesch reading ease
60 or more and grade 8 or below (textstat 0.7.3, markdown stripped, a bullet point a sentence);
every answer's Spanish text at Fernández-Huerta 60 or more ("normal")."""

from __future__ import annotations

import importlib
from importlib.metadata import version

import pytest

from isobot.content import readability
from isobot.content.readability import MAX_GRADE, MIN_EASE, MIN_EASE_ES
from isobot.content.texts import patient_texts, scores

TEXTSTAT = importlib.import_module("textstat")  # 0.7.3 ships no types


@pytest.fixture(scope="module")
def texts(catalogue):
    return patient_texts(catalogue)


def _misses(measured) -> str:
    return "; ".join(f"{name}: ease {s.ease}, grade {s.grade}" for name, s in measured.items() if not s.meets_targets)


def test_textstat_is_the_offline_release():
    # 0.7.4 and later download NLTK's cmudict at run time, which fails offline.
    assert version("textstat") == "0.7.3"


def test_every_answer_reads_plainly(texts):
    answers = scores(texts, "answer")
    assert len(answers) == 26
    assert not _misses(answers), (
        f"Rewrite these answers' `text` to reach reading ease >= {MIN_EASE:.0f} and grade "
        f"<= {MAX_GRADE:.0f} (keep `source` verbatim, bump the version): {_misses(answers)}"
    )


def test_every_spanish_answer_reads_plainly(texts):
    spanish = scores(texts, "answer_es")
    assert len(spanish) == 26 and all(s.language == "es" for s in spanish.values())
    assert not _misses(spanish), (
        f"Rewrite these answers' translations.es.text to reach Fernández-Huerta >= {MIN_EASE_ES:.0f} "
        f"(shorter sentences, shorter words; same claims): {_misses(spanish)}"
    )


def test_a_hard_spanish_text_misses_the_spanish_target_and_a_plain_one_meets_it():
    hard = readability.measure(
        "La administración concomitante de retinoides sistémicos puede ocasionar manifestaciones "
        "musculoesqueléticas, particularmente lumbalgia, cuya intensidad es considerablemente variable.",
        language="es",
    )
    plain = readability.measure("Pregunte a su médico. Beba agua. Camine un poco cada día.", language="es")
    assert hard.ease < MIN_EASE_ES <= plain.ease
    assert not hard.meets_targets and plain.meets_targets


def test_measuring_spanish_never_changes_how_english_is_measured():
    english = "Gentle stretching and low-impact exercise can help ease stiffness."
    before = readability.measure(english)
    spanish = readability.measure("Los estiramientos suaves pueden ayudar a aliviar la rigidez.", language="es")
    assert readability.measure(english) == before and before.language == "en" and spanish.language == "es"
    # textstat's language is global to its module-level counter, which every `textstat.*` call
    # (the English gate's) uses: it still counts English syllables, with pyphen's en_US dictionary.
    assert TEXTSTAT.textstat._textstatistics__lang == "en_US"
    assert TEXTSTAT.syllable_count("estiramientos") == 4  # es-ti-ra-mien-tos is 5 in Spanish


def test_every_escalation_instruction_reads_plainly(texts):
    instructions = scores(texts, "escalation_instruction")
    assert len(instructions) == 31
    assert not _misses(instructions), f"Escalation first sentences too hard to read: {_misses(instructions)}"


def test_escalations_keep_the_action_first_in_bold_and_the_emergency_number(catalogue):
    for escalation in catalogue.escalations.values():
        assert escalation.text.startswith("**"), escalation.id
        if escalation.tier == "emergency":
            assert "{emergency_number}" in escalation.text.split("**")[1], escalation.id


def test_readability_notes_are_rare_and_the_term_is_explained(catalogue):
    entries = [*catalogue.answers.values(), *catalogue.escalations.values()]
    noted = [e for e in entries if e.readability_note]
    assert len(noted) < 0.1 * len(entries)
    for entry in noted:
        # A note opens with the required term in quotes, and the text uses (and explains) that term.
        assert entry.readability_note.split("'")[1].lower() in entry.text.lower(), entry.id


def test_markdown_is_stripped_and_each_bullet_point_is_a_sentence():
    text = "**Stay active:** it helps:\n- gentle stretching\n- low-impact exercise\n\nAsk [your doctor](https://x.org)"
    assert (
        readability.plain_text(text)
        == "Stay active: it helps: gentle stretching. low-impact exercise. Ask your doctor."
    )
    as_list = readability.measure("Steps that may help:\n- drink enough water\n- eat well\n- keep good posture")
    as_run_on = readability.measure("Steps that may help drink enough water eat well keep good posture")
    assert as_list.grade < as_run_on.grade


def test_an_escalation_is_measured_on_its_first_sentence_with_the_number_filled_in():
    text = "**Call {emergency_number} now.** Chest pain can be a sign of a problem with the heart."
    assert readability.first_sentence(text, {"emergency_number": "911"}) == "Call 911 now."
