"""The content lifecycle: only approved entries are served, overdue ones are served and flagged
loudly, and a broken lifecycle fails naming the file and the key. Temporary copies of content/,
never edits of the real files."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
from pathlib import Path

import pytest
import yaml

from isobot import serve, settings
from isobot.content import report as content_report
from isobot.content.catalogue import load_catalogue
from isobot.content.errors import ContentError
from isobot.content.governance import STATUSES, log_overdue
from isobot.content.texts import patient_texts
from isobot.content.yaml_file import safe_yaml

spec = importlib.util.spec_from_file_location("build_domain", settings.ROOT / "scripts" / "build_domain.py")
build_domain = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_domain)


def _copy(tmp_path: Path, source: Path, mutate) -> Path:
    data = safe_yaml(source.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _entry(data: dict, entry_id: str) -> dict:
    return next(e for e in data.get("answers", data.get("messages")) if e["id"] == entry_id)


def _built(
    tmp_path: Path, monkeypatch, answers: Path = settings.ANSWERS, escalations: Path = settings.ESCALATIONS
) -> dict:
    monkeypatch.setattr(settings, "ANSWERS", answers)
    monkeypatch.setattr(settings, "ESCALATIONS", escalations)
    build_domain.build(tmp_path / "domain")
    return safe_yaml((tmp_path / "domain" / "content.yml").read_text(encoding="utf-8"))["responses"]


def test_every_entry_states_its_lifecycle_and_escalations_their_pending_sign_off(catalogue):
    for path, list_key in ((settings.ANSWERS, "answers"), (settings.ESCALATIONS, "messages")):
        data = safe_yaml(path.read_text(encoding="utf-8"))
        assert data["review_cycle_months"] == 12
        for entry in data[list_key]:
            assert entry["status"] in STATUSES and entry["review"]["next_due"], entry["id"]
    for escalation in catalogue.escalations.values():
        assert (escalation.signed_off_by, escalation.signed_off_on, escalation.sign_off) == (None, None, "pending")


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_a_draft_or_retired_answer_is_never_served(tmp_path, monkeypatch, status):
    answers = _copy(tmp_path, settings.ANSWERS, lambda d: _entry(d, "about_zanskar").update(status=status))
    served = load_catalogue(answers, settings.ESCALATIONS, settings.ARTICLE)
    assert "about_zanskar" not in served.answers and served.answer_for("ask_zanskar", {}) is None
    assert (
        load_catalogue(answers, settings.ESCALATIONS, settings.ARTICLE, include_unserved=True)
        .answers["about_zanskar"]
        .status
        == status
    )
    responses = _built(tmp_path, monkeypatch, answers=answers)
    assert "utter_answer_about_zanskar" not in responses and "utter_answer_disclaimer" in responses


def test_a_draft_escalation_is_never_served(tmp_path, monkeypatch):
    def add_draft(data):
        draft = dict(
            _entry(data, "weight_loss"),
            id="new_weight_message",
            status="draft",
            text="**Call your doctor today.** A draft nobody has reviewed yet.",
        )
        data["messages"].append(draft)

    escalations = _copy(tmp_path, settings.ESCALATIONS, add_draft)
    assert "new_weight_message" not in load_catalogue(settings.ANSWERS, escalations, settings.ARTICLE).escalations
    responses = _built(tmp_path, monkeypatch, escalations=escalations)
    texts = [v["text"] for variations in responses.values() for v in variations]
    assert not any("A draft nobody has reviewed" in text for text in texts)


def test_a_red_flag_rule_naming_an_unserved_escalation_fails_the_build(tmp_path, monkeypatch):
    escalations = _copy(tmp_path, settings.ESCALATIONS, lambda d: _entry(d, "weight_loss").update(status="retired"))
    with pytest.raises(ContentError) as error:
        _built(tmp_path, monkeypatch, escalations=escalations)
    assert str(settings.RED_FLAG_RULES) in str(error.value) and "flags[weight_loss].escalation" in str(error.value)


@pytest.mark.parametrize(
    "mutate, key",
    [
        (lambda d: _entry(d, "cause_bone_density").update(status="draft"), "answers[cause_inflammation_joints].more"),
        (lambda d: _entry(d, "management_overview").update(status="retired"), "default_topics"),
    ],
)
def test_a_link_to_an_unserved_answer_fails_naming_it(tmp_path, mutate, key):
    answers = _copy(tmp_path, settings.ANSWERS, mutate)
    with pytest.raises(ContentError) as error:
        load_catalogue(answers, settings.ESCALATIONS, settings.ARTICLE)
    assert str(answers) in str(error.value) and key in str(error.value)


def _overdue_copy(tmp_path: Path) -> Path:
    return _copy(
        tmp_path,
        settings.ANSWERS,
        lambda d: _entry(d, "drug_overview")["review"].update(date="2025-01-10", next_due="2026-01-10"),
    )


def test_an_overdue_answer_is_still_served_and_flagged_loudly(tmp_path, monkeypatch, caplog):
    answers = _overdue_copy(tmp_path)
    catalogue = load_catalogue(answers, settings.ESCALATIONS, settings.ARTICLE)
    today = dt.date(2026, 12, 1)
    assert catalogue.answers["drug_overview"].days_until_review(today) == -325
    assert "utter_answer_drug_overview" in _built(tmp_path, monkeypatch, answers=answers)
    with caplog.at_level(logging.WARNING, logger="isobot.content"):
        assert log_overdue(catalogue, today) == 1
    assert "CONTENT REVIEW OVERDUE: 'drug_overview' was due for review on 2026-01-10 (325 days ago)" in caplog.text
    table = content_report.rows(catalogue, today, {}, patient_texts(catalogue))
    assert table[0]["id"] == "drug_overview" and table[0]["overdue"]
    assert "OVERDUE -325" in content_report.text_table(table).splitlines()[1]
    assert "**1 OVERDUE for review** (still served): drug_overview" in content_report.markdown(
        table, patient_texts(catalogue), today
    )


def test_the_rasa_server_logs_overdue_reviews_at_start_up(capsys, monkeypatch):
    content_logger = logging.getLogger("isobot.content")
    monkeypatch.setattr(content_logger, "handlers", [])
    monkeypatch.setattr(content_logger, "propagate", True)
    assert serve.log_content_review(today=dt.date(2026, 12, 1)) == 0
    late = serve.log_content_review(today=dt.date(2030, 1, 1))
    assert late == len(load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE).answers) + 31
    err = capsys.readouterr().err
    assert "WARNING isobot.content: CONTENT REVIEW OVERDUE: 'cauda_equina'" in err


@pytest.mark.parametrize("cycle, expected", [(12, "2026-11-25"), (6, "2026-05-25")])
def test_next_due_defaults_to_the_files_review_cycle(tmp_path, cycle, expected):
    def mutate(data):
        data["review_cycle_months"] = cycle
        _entry(data, "drug_overview")["review"].pop("next_due")
        _entry(data, "drug_overview")["review"]["date"] = "2025-11-25"

    catalogue = load_catalogue(_copy(tmp_path, settings.ANSWERS, mutate), settings.ESCALATIONS, settings.ARTICLE)
    assert catalogue.answers["drug_overview"].next_due == expected


@pytest.mark.parametrize(
    "source, mutate, key",
    [
        (settings.ANSWERS, lambda d: _entry(d, "drug_overview").pop("status"), "answers[drug_overview].status"),
        (
            settings.ANSWERS,
            lambda d: _entry(d, "drug_overview").update(status="published"),
            "answers[drug_overview].status",
        ),
        (
            settings.ANSWERS,
            lambda d: _entry(d, "drug_overview")["review"].update(next_due="2020-01-01"),
            "answers[drug_overview].review.next_due",
        ),
        (
            settings.ANSWERS,
            lambda d: _entry(d, "drug_overview")["review"].update(next_due="next year"),
            "answers[drug_overview].review.next_due",
        ),
        (settings.ANSWERS, lambda d: d.pop("review_cycle_months"), "review_cycle_months"),
        (
            settings.ANSWERS,
            lambda d: _entry(d, "drug_overview").update(readability_note=""),
            "answers[drug_overview].readability_note",
        ),
        (settings.ESCALATIONS, lambda d: _entry(d, "trauma").pop("signed_off_by"), "messages[trauma].signed_off_by"),
        (
            settings.ESCALATIONS,
            lambda d: _entry(d, "trauma").update(signed_off_by="Dr A, GP"),
            "messages[trauma].signed_off_by",
        ),
        (
            settings.ESCALATIONS,
            lambda d: _entry(d, "emergency_generic").update(status="draft"),
            "messages[emergency_generic].status",
        ),
    ],
)
def test_a_broken_lifecycle_fails_with_its_path_and_key(tmp_path, source, mutate, key):
    path = _copy(tmp_path, source, mutate)
    paths = {"answers": settings.ANSWERS, "escalations": settings.ESCALATIONS, source.stem: path}
    with pytest.raises(ContentError) as error:
        load_catalogue(paths["answers"], paths["escalations"], settings.ARTICLE)
    assert str(path) in str(error.value) and key in str(error.value)


def test_a_signed_off_escalation_says_who_and_when(tmp_path):
    escalations = _copy(
        tmp_path,
        settings.ESCALATIONS,
        lambda d: _entry(d, "trauma").update(
            signed_off_by="Dr A Example, consultant in emergency medicine", signed_off_on="2026-12-01"
        ),
    )
    trauma = load_catalogue(settings.ANSWERS, escalations, settings.ARTICLE).escalations["trauma"]
    assert trauma.sign_off == "signed by Dr A Example, consultant in emergency medicine on 2026-12-01"


def test_the_report_says_what_reaches_every_escalation(catalogue):
    from isobot.safety.findings import INFO_ESCALATION

    assert content_report.INFO_ESCALATION == INFO_ESCALATION
    reach = content_report.escalation_reach()
    assert not set(catalogue.escalations) - set(reach)
    assert reach["emergency_generic"][:2] == ["fallback of the emergency tier", "check screen_fever_injury"]
