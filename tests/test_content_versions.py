"""The catalogue's history: a text never changes without a version bump (content/versions.lock.yml),
and the content report names the commit that last changed each text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from isobot import settings
from isobot.content import report as content_report
from isobot.content.catalogue import load_catalogue
from isobot.content.history import NO_GIT, UNCOMMITTED, check_lock, last_text_commits, read_lock, write_lock
from isobot.content.yaml_file import safe_yaml


def _all(answers: Path = settings.ANSWERS):
    return load_catalogue(answers, settings.ESCALATIONS, settings.ARTICLE, include_unserved=True)


def test_every_text_change_came_with_a_version_bump():
    problems = check_lock(_all(), read_lock(content_report.LOCK))
    assert not problems, (
        "A catalogue text and its version lock disagree. If you changed a `text`, bump its "
        "review.version, then run `make content-lock` and commit content/versions.lock.yml:\n"
        + "\n".join(f"  {p}" for p in problems)
    )


def _edited(tmp_path: Path, text: str, version: int) -> Path:
    data = safe_yaml(settings.ANSWERS.read_text(encoding="utf-8"))
    entry = next(e for e in data["answers"] if e["id"] == "drug_overview")
    entry["text"], entry["review"]["version"] = text, version
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_text_change_without_a_version_bump_fails_and_says_what_to_do(tmp_path):
    lock = read_lock(content_report.LOCK)
    version = lock["answers"]["drug_overview"]["version"]
    unbumped = check_lock(_all(_edited(tmp_path, "Isotretinoin is a medicine for severe acne.", version)), lock)
    assert [str(p) for p in unbumped] == [
        f"answers[drug_overview]: text changed but review.version is still {version}: "
        "bump review.version, then run `make content-lock`"
    ]
    bumped = _all(_edited(tmp_path, "Isotretinoin is a medicine for severe acne.", version + 1))
    assert [str(p) for p in check_lock(bumped, lock)] == [
        f"answers[drug_overview]: version {version} -> {version + 1} is not in the lock: run `make content-lock`"
    ]
    write_lock(bumped, tmp_path / "versions.lock.yml")
    assert check_lock(bumped, read_lock(tmp_path / "versions.lock.yml")) == []


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *arguments],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _write(path: Path, texts: dict[str, str], status: str = "approved") -> None:
    path.write_text(yaml.safe_dump({"answers": [{"id": k, "status": status, "text": v} for k, v in texts.items()]}))


def test_the_last_text_commit_comes_from_git_and_ignores_other_edits(tmp_path):
    repo, answers = tmp_path / "repo", tmp_path / "repo" / "answers.yml"
    repo.mkdir()
    _git(repo, "init", "-q")
    _write(answers, {"a": "first", "b": "first"})
    _git(repo, "add", "answers.yml")
    _git(repo, "commit", "-qm", "one")
    first = _git(repo, "log", "-1", "--format=%h %cs")
    _write(answers, {"a": "second", "b": "first"})
    _git(repo, "commit", "-qam", "two")
    second = _git(repo, "log", "-1", "--format=%h %cs")
    _write(answers, {"a": "second", "b": "first"}, status="retired")  # lifecycle only: not a text change
    _git(repo, "commit", "-qam", "three")
    assert last_text_commits(repo, [(answers, "answers")]) == {"a": second, "b": first}
    _write(answers, {"a": "second", "b": "edited, not committed"})
    assert last_text_commits(repo, [(answers, "answers")]) == {"a": second, "b": UNCOMMITTED}


def test_a_translation_edit_is_the_entrys_last_text_commit(tmp_path):
    repo, answers = tmp_path / "repo", tmp_path / "repo" / "answers.yml"
    repo.mkdir()
    _git(repo, "init", "-q")
    _write(answers, {"a": "first"})
    _git(repo, "add", "answers.yml")
    _git(repo, "commit", "-qm", "one")
    data = yaml.safe_load(answers.read_text())
    data["answers"][0]["translations"] = {"es": {"label": "x", "text": "primero", "translation": "sign-off pending"}}
    answers.write_text(yaml.safe_dump(data, allow_unicode=True))
    _git(repo, "commit", "-qam", "the Spanish text")
    assert last_text_commits(repo, [(answers, "answers")]) == {"a": _git(repo, "log", "-1", "--format=%h %cs")}


def test_without_git_the_report_says_so(tmp_path):
    answers = tmp_path / "answers.yml"
    _write(answers, {"a": "text"})
    assert last_text_commits(tmp_path, [(answers, "answers")]) == {"a": NO_GIT}


def _edited_spanish(tmp_path: Path, text: str, version: int | None = None) -> Path:
    data = safe_yaml(settings.ANSWERS.read_text(encoding="utf-8"))
    entry = next(e for e in data["answers"] if e["id"] == "drug_overview")
    entry["translations"]["es"]["text"] = text
    if version is not None:
        entry["review"]["version"] = version
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_spanish_text_change_without_a_version_bump_fails_and_says_what_to_do(tmp_path):
    lock = read_lock(content_report.LOCK)
    version = lock["answers"]["drug_overview"]["version"]
    assert lock["answers"]["drug_overview"]["translations"]["es"]  # the lock covers the Spanish text
    unbumped = check_lock(_all(_edited_spanish(tmp_path, "La isotretinoína es un medicamento.")), lock)
    assert [str(p) for p in unbumped] == [
        f"answers[drug_overview]: translation es changed but review.version is still {version}: "
        "bump review.version, then run `make content-lock`"
    ]
    bumped = _all(_edited_spanish(tmp_path, "La isotretinoína es un medicamento.", version + 1))
    assert [str(p) for p in check_lock(bumped, lock)] == [
        f"answers[drug_overview]: version {version} -> {version + 1} is not in the lock: run `make content-lock`"
    ]


def test_a_new_translation_needs_the_lock_refreshed_but_no_version_bump(tmp_path):
    lock = read_lock(content_report.LOCK)
    del lock["answers"]["drug_overview"]["translations"]  # as before the entry had its Spanish text
    assert [str(p) for p in check_lock(_all(), lock)] == [
        "answers[drug_overview]: a translation was added or removed: run `make content-lock`"
    ]
