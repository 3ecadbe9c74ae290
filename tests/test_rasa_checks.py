"""Rasa's own checks: data validation and test stories, both failing on any warning or error."""

from __future__ import annotations

import subprocess

import pytest

from tests.servers import ROOT, base_env, model_path

# `rasa data validate` and `rasa test`: Rasa itself, with the trained model.
pytestmark = pytest.mark.integration


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=900)


def test_training_data_validates_without_warnings():
    result = run(
        [
            "rasa",
            "data",
            "validate",
            "--config",
            "config.yml",
            "--domain",
            "build/domain",
            "--data",
            "data",
            "--fail-on-warning",
        ]
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_pass(tmp_path):
    result = run(
        [
            "rasa",
            "test",
            "core",
            "--model",
            model_path(),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ]
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
