"""Turn the vetted catalogue (content/) into Rasa responses, beside the hand-written domain.

Writes OUTPUT_DIR/domain.yml (a copy of ./domain.yml) and OUTPUT_DIR/content.yml:
  utter_answer_<id>                 one per approved catalogue answer (drafts and retired: none)
  utter_escalate_<tier>             one per tier; a variation per escalation message, chosen
                                    by the `escalation` slot the red-flag component fills
  utter_screening_intro, utter_ask_screening_form_<slot>   the guided check
Each answer and escalation variation carries `custom.provenance` (isobot/content/provenance.py).
Emergency numbers are filled in for the region in ASSISTANT_REGION (default: the content
file's default), so the escalation text is complete without any slot or action server.

Usage: python scripts/build_domain.py OUTPUT_DIR
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from isobot import settings  # noqa: E402
from isobot.content.catalogue import load_catalogue  # noqa: E402
from isobot.content.errors import ContentError  # noqa: E402
from isobot.content.governance import check_rules_reach_served  # noqa: E402
from isobot.content.provenance import for_catalogue as provenance_of  # noqa: E402
from isobot.content.screening import load_screening  # noqa: E402

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


def answer_responses(catalogue) -> dict:
    """utter_answer_<id>: the English text unconditioned, and a variation per translation chosen
    by the `language` slot (Rasa prefers a matching conditioned variation), so the action that
    sends the response name gets the conversation's language without choosing a text itself."""
    responses = {}
    for answer in catalogue.answers.values():
        variations = [{"text": answer.text}]
        for language, translation in sorted(answer.translations.items()):
            condition = [{"type": "slot", "name": "language", "value": language}]
            variations.append({"condition": condition, "text": translation.text})
        responses[answer.response] = variations
    return responses


def screening_responses(screening) -> dict:
    responses = {"utter_screening_intro": [{"text": screening.intro}]}
    for question in screening.questions:
        yes_payload = "/report_emergency_symptom" + json.dumps({"escalation": question.on_yes})
        responses[f"utter_ask_screening_form_{question.slot}"] = [
            {
                "text": question.text,
                "buttons": [
                    {"title": screening.buttons["affirm"], "payload": yes_payload},
                    {"title": screening.buttons["deny"], "payload": "/deny"},
                    {"title": screening.buttons["skip"], "payload": "/skip_check"},
                ],
            }
        ]
    return responses


def mark_languages(responses: dict) -> None:
    """`custom.lang` on every variation written for a language other than English: the widget
    follows the conversation's language with it and sets `lang` on the message for screen
    readers. English is the unmarked default, so English replies keep Rasa's own shape."""
    for variations in responses.values():
        for variation in variations:
            language = next((c["value"] for c in variation.get("condition") or [] if c.get("name") == "language"), "en")
            if language != "en":
                variation.setdefault("custom", {})["lang"] = language


def build(output: Path) -> None:
    catalogue = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    screening = load_screening(settings.SCREENING, catalogue)
    check_rules_reach_served(catalogue.escalations, (settings.RED_FLAG_RULES, settings.RED_FLAG_RULES_ES))
    responses = answer_responses(catalogue)
    responses.update(escalation_responses(catalogue, settings.region()))
    responses.update(screening_responses(screening))
    provenance_of(catalogue).attach(responses)  # custom.provenance beside each answer's and escalation's text
    mark_languages(responses)
    output.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "domain.yml", output / "domain.yml")
    header = "# GENERATED by scripts/build_domain.py from content/. Do not edit; edit content/ instead.\n"
    body = yaml.safe_dump({"version": "3.1", "responses": responses}, allow_unicode=True, sort_keys=True, width=1000)
    (output / "content.yml").write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    try:
        build(Path(sys.argv[1]))
    except ContentError as error:
        raise SystemExit(f"content error: {error}") from None
    print(f"domain written to {sys.argv[1]}")
