"""Turn the vetted catalogue (content/) into Rasa responses, beside the hand-written domain.

Writes OUTPUT_DIR/domain.yml (./domain.yml without the responses re-emitted below: Rasa keeps
only one of two same-named responses, whichever file it walks first) and OUTPUT_DIR/content.yml:
  utter_answer_<id>                 one per approved catalogue answer (drafts and retired: none)
  utter_escalate_<tier>             one per tier; a variation per escalation message, chosen
                                    by the `escalation` slot the red-flag component fills
  utter_screening_intro, utter_ask_screening_form_<slot>   the guided check, with its translations
  domain.yml's conversational lines  English unconditioned, Spanish (content/responses.es.yml)
                                    conditioned on the `language` slot
  utter_non_english                 a line per `other_language` (content/other_languages.yml)
Each answer and escalation variation carries `custom.provenance` (isobot/content/provenance.py).
Emergency numbers are filled in for the region in ASSISTANT_REGION (default: the content
file's default), so the escalation text is complete without any slot or action server.

Usage: python scripts/build_domain.py OUTPUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from isobot import settings  # noqa: E402
from isobot.content.catalogue import load_catalogue  # noqa: E402
from isobot.content.errors import ContentError  # noqa: E402
from isobot.content.governance import check_rules_reach_served  # noqa: E402
from isobot.content.other_languages import load_other_languages  # noqa: E402
from isobot.content.provenance import for_catalogue as provenance_of  # noqa: E402
from isobot.content.screening import load_screening  # noqa: E402
from isobot.content.translated_responses import domain_responses, load_translated_responses  # noqa: E402
from isobot.content.yaml_file import safe_yaml  # noqa: E402

LANGUAGE_SLOTS = ("language", "other_language")
GENERIC_BY_TIER = {"emergency": "emergency_generic", "urgent": "urgent_generic"}


def escalation_responses(catalogue, region: str | None) -> dict:
    """A variation per message and language: conditioned on the `escalation` slot and the
    `language` slot (which starts as "en"), so Spanish needs no action server either."""
    numbers = catalogue.region_numbers(region)
    responses: dict[str, list] = {}
    for message in catalogue.escalations.values():
        text = message.text.format(**numbers)
        variations = responses.setdefault(message.response, [])
        variations.append(
            {
                "condition": [
                    {"type": "slot", "name": "escalation", "value": message.id},
                    {"type": "slot", "name": "language", "value": "en"},
                ],
                "text": text,
            }
        )
        for language, translation in sorted(message.translations.items()):
            variations.append(
                {
                    "condition": [
                        {"type": "slot", "name": "escalation", "value": message.id},
                        {"type": "slot", "name": "language", "value": language},
                    ],
                    "text": translation.text.format(**catalogue.region_numbers(region, language)),
                }
            )
    for variations in responses.values():
        tier = catalogue.escalations[variations[0]["condition"][0]["value"]].tier
        generic_id = GENERIC_BY_TIER.get(tier, variations[0]["condition"][0]["value"])
        generic = next(
            v for v in variations if v["condition"][0]["value"] == generic_id and v["condition"][1]["value"] == "en"
        )
        variations.append({"text": generic["text"]})
    return responses


def language_condition(language: str) -> list[dict]:
    return [{"type": "slot", "name": "language", "value": language}]


def _screening_question(text: str, buttons: dict, on_yes: str, condition: list | None) -> dict:
    yes_payload = "/report_emergency_symptom" + json.dumps({"escalation": on_yes})
    variation = {
        "text": text,
        "buttons": [
            {"title": buttons["affirm"], "payload": yes_payload},
            {"title": buttons["deny"], "payload": "/deny"},
            {"title": buttons["skip"], "payload": "/skip_check"},
        ],
    }
    return {"condition": condition, **variation} if condition else variation


def answer_responses(catalogue) -> dict:
    """utter_answer_<id>: the English text unconditioned, and a variation per translation chosen
    by the `language` slot (Rasa prefers a matching conditioned variation), so the action that
    sends the response name gets the conversation's language without choosing a text itself."""
    responses = {}
    for answer in catalogue.answers.values():
        variations = [{"text": answer.text}]
        for language, translation in sorted(answer.translations.items()):
            variations.append({"condition": language_condition(language), "text": translation.text})
        responses[answer.response] = variations
    return responses


def screening_responses(screening) -> dict:
    """English unconditioned; each translation conditioned on the `language` slot, with the
    same payloads, so a "Sí" escalates exactly as a "Yes" does."""
    responses = {"utter_screening_intro": [{"text": screening.intro}]}
    for question in screening.questions:
        responses[f"utter_ask_screening_form_{question.slot}"] = [
            _screening_question(question.text, screening.buttons, question.on_yes, None)
        ]
    for language, translation in sorted(screening.translations.items()):
        condition = language_condition(language)
        responses["utter_screening_intro"].append({"condition": condition, "text": translation.intro})
        for question in screening.questions:
            responses[f"utter_ask_screening_form_{question.slot}"].append(
                _screening_question(
                    translation.questions[question.slot], translation.buttons, question.on_yes, condition
                )
            )
    return responses


def conversation_responses(domain: dict, translated) -> dict:
    """domain.yml's lines, each with its translation beside it (same button payloads)."""
    responses = {}
    for name, variations in domain.items():
        text = translated.responses[name]
        variation = {"condition": language_condition(translated.language), "text": text.text}
        english_buttons = variations[0].get("buttons") or []
        if english_buttons:
            variation["buttons"] = [
                {"title": title, "payload": button["payload"]}
                for title, button in zip(text.buttons, english_buttons, strict=True)
            ]
        responses[name] = [*variations, variation]
    return responses


def other_language_responses(other, numbers: dict) -> dict:
    """utter_non_english: a line per language the SafetyGate names, `both` otherwise."""
    both, lines = other.filled(numbers["emergency_number"])
    variations = [
        {"condition": [{"type": "slot", "name": "other_language", "value": code}], "text": line}
        for code, line in lines.items()
    ]
    return {"utter_non_english": [*variations, {"text": both}]}


def write_domain_without(source: Path, target: Path, re_emitted) -> None:
    """Copy domain.yml without the responses content.yml now holds: each response once."""
    data = safe_yaml(source.read_text(encoding="utf-8"))
    kept = {name: v for name, v in (data.get("responses") or {}).items() if name not in re_emitted}
    if kept:
        data["responses"] = kept
    else:
        data.pop("responses", None)
    header = "# GENERATED by scripts/build_domain.py from domain.yml, without the responses in content.yml.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    target.write_text(header + body, encoding="utf-8")


def mark_languages(responses: dict) -> None:
    """`custom.lang` on every variation written for a language other than English: the widget
    follows the conversation's language with it and sets `lang` on the message for screen
    readers. English is the unmarked default, so English replies keep Rasa's own shape. The
    reply to an unsupported language is marked with its own (`other_language`): the widget has
    no strings for it, but a screen reader still reads the line in the right voice."""
    for variations in responses.values():
        for variation in variations:
            language = next(
                (c["value"] for c in variation.get("condition") or [] if c.get("name") in LANGUAGE_SLOTS), "en"
            )
            if language != "en":
                variation.setdefault("custom", {})["lang"] = language


def build(output: Path) -> None:
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    screening = load_screening(settings.SCREENING, catalogue)
    check_rules_reach_served(catalogue.escalations, (settings.RED_FLAG_RULES, settings.RED_FLAG_RULES_ES))
    responses = answer_responses(catalogue)
    responses.update(escalation_responses(catalogue, settings.region()))
    responses.update(screening_responses(screening))
    domain = domain_responses(ROOT / "domain.yml")
    responses.update(conversation_responses(domain, load_translated_responses(settings.RESPONSES_ES, domain, "es")))
    other = load_other_languages(settings.OTHER_LANGUAGES)
    responses.update(other_language_responses(other, catalogue.region_numbers(settings.region())))
    provenance_of(catalogue).attach(responses)  # custom.provenance beside each answer's and escalation's text
    mark_languages(responses)
    output.mkdir(parents=True, exist_ok=True)
    write_domain_without(ROOT / "domain.yml", output / "domain.yml", set(responses))
    header = "# GENERATED by scripts/build_domain.py from content/. Do not edit; edit content/ instead.\n"
    body = yaml.safe_dump({"version": "3.1", "responses": responses}, allow_unicode=True, sort_keys=True, width=1000)
    (output / "content.yml").write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    try:
        build(Path(sys.argv[1]))
    except ContentError as error:
        raise SystemExit(f"content error: {error}") from None
    print(f"domain written to {sys.argv[1]}")
