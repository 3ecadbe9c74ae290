"""The vetted catalogue: sources are verbatim, every entry is reachable, nothing else is said."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from actions.base import default_catalogue
from isobot import settings
from isobot.content.catalogue import load_catalogue
from isobot.content.errors import ContentError
from isobot.content.text_checks import BANNED_PHRASES, collapse_whitespace
from isobot.content.yaml_file import safe_yaml

ROOT = settings.ROOT
GLUE_MAX_CHARS = 320


def _yaml(path: Path) -> dict:
    return safe_yaml(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def domain() -> dict:
    return _yaml(ROOT / "domain.yml")


@pytest.fixture(scope="module")
def generated() -> dict:
    return _yaml(ROOT / "build" / "domain" / "content.yml")["responses"]


@pytest.fixture(scope="module")
def rules_text() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "data" / "rules").glob("*.yml")))


def test_every_source_quote_is_verbatim_in_the_article(catalogue):
    article = collapse_whitespace(settings.ARTICLE.read_text(encoding="utf-8"))
    for answer in catalogue.answers.values():
        assert answer.section in settings.ARTICLE.read_text(encoding="utf-8"), answer.id
        for quote in answer.quotes:
            assert collapse_whitespace(quote) in article, (answer.id, quote)


def test_every_entry_has_review_metadata(catalogue):
    for answer in catalogue.answers.values():
        assert answer.review.reviewer and answer.review.date and answer.review.version >= 1, answer.id
    for escalation in catalogue.escalations.values():
        assert escalation.review.reviewer and escalation.sources, escalation.id


def test_the_article_of_record_is_the_shared_source():
    shared = ROOT.parent / "shared" / "article" / settings.ARTICLE.name
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert shared.read_text(encoding="utf-8") == settings.ARTICLE.read_text(encoding="utf-8")


def test_every_answer_is_reachable(catalogue, domain, rules_text):
    intents = set(domain["intents"])
    patterns = _yaml(ROOT / "data" / "entities" / "ruler_patterns.yml")
    assert "action_answer_question" in rules_text
    for answer in catalogue.answers.values():
        reachable = False
        for intent in answer.intents:
            assert intent in intents, (answer.id, intent)
            reachable |= f"intent: {intent}" in rules_text
        for entity, value in answer.entities:
            assert value in patterns[entity], (answer.id, entity, value)
            reachable |= any(f"intent: {i}" in rules_text for i in catalogue.entity_intents[entity])
        for reason in answer.reached_by:
            reachable |= reason == "screening_all_clear"
        assert reachable, answer.id


def test_every_escalation_is_a_response(catalogue, generated):
    for escalation in catalogue.escalations.values():
        variations = generated[escalation.response]
        assert any((v.get("condition") or [{}])[0].get("value") == escalation.id for v in variations), escalation.id


def test_everything_the_bot_can_say_is_catalogue_or_short_glue(catalogue, domain, generated):
    vetted = {a.text.strip() for a in catalogue.answers.values()}
    vetted |= {t.text.strip() for a in catalogue.answers.values() for t in a.translations.values()}
    for name, variations in generated.items():
        for variation in variations:
            text = variation["text"].strip()
            if name.startswith("utter_answer_"):
                assert text in vetted, name
            assert not any(p in text.lower() for p in BANNED_PHRASES), name
    # domain.yml's lines are re-emitted with their translations; the built domain holds each once.
    built = _yaml(ROOT / "build" / "domain" / "domain.yml").get("responses") or {}
    for name in built:
        assert name not in generated, f"{name} is in both built domain files: Rasa would keep only one"
    for name, variations in domain["responses"].items():
        for variation in variations:
            assert len(variation["text"]) <= GLUE_MAX_CHARS, f"{name} is too long for glue: move it to content/"
            assert not any(p in variation["text"].lower() for p in BANNED_PHRASES), name


def test_actions_never_compose_patient_text():
    for path in (ROOT / "actions").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
                assert not any(k.arg in ("text", "template") for k in node.keywords), f"{path.name}:{node.lineno}"


def test_catalogue_is_loaded_once():
    assert default_catalogue() is default_catalogue()


def _broken_copy(tmp_path: Path, mutate) -> Path:
    data = _yaml(settings.ANSWERS)
    mutate(data)
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    "mutate, key",
    [
        (lambda d: d["answers"][0].pop("text"), "answers[drug_overview].text"),
        (
            lambda d: d["answers"][1]["source"]["quotes"].append("A sentence the article never says."),
            "answers[causes_overview].source.quotes",
        ),
        (lambda d: d["answers"][2]["review"].pop("date"), "answers[cause_inflammation_joints].review.date"),
        (lambda d: d["answers"][0].update(text="Relief with no side effects!"), "answers[drug_overview].text"),
        (lambda d: d["answers"][0].update(more="no_such_answer"), "answers[drug_overview].more"),
        # A verbatim article line is still not vetted when it is the closing advert.
        (
            lambda d: d["answers"][1]["source"]["quotes"].append(
                "You can also gain access to therapeutic exercises and stretches for your condition by "
                "downloading the Zanskar Health physiotherapy mobile app."
            ),
            "answers[causes_overview].source.quotes",
        ),
    ],
)
def test_a_broken_catalogue_fails_with_its_path_and_key(tmp_path, mutate, key):
    path = _broken_copy(tmp_path, mutate)
    with pytest.raises(ContentError) as error:
        load_catalogue(path, settings.ESCALATIONS, settings.ARTICLE)
    assert str(path) in str(error.value) and key in str(error.value)


def test_invalid_yaml_fails_with_its_path(tmp_path):
    path = tmp_path / "answers.yml"
    path.write_text("version: 1\nanswers: [\n")
    with pytest.raises(ContentError, match=str(path)):
        load_catalogue(path, settings.ESCALATIONS, settings.ARTICLE)
