"""isobot/serve.py: the one way every profile starts Rasa."""

from __future__ import annotations

import pytest

from isobot.serve import rasa_argv


def test_rasa_itself_serves_another_model_when_the_named_one_is_missing(tmp_path, monkeypatch):
    """Rasa's own behaviour, which rasa_argv refuses: a missing --model falls back to models/."""
    from rasa.cli.run import _validate_model_path

    monkeypatch.chdir(tmp_path)
    assert _validate_model_path("models/gone.tar.gz", "model", "models") == "models"


@pytest.mark.parametrize("arguments", [["--model", "models/gone.tar.gz"], ["--model=models/gone.tar.gz"], ["-m", "x"]])
def test_a_missing_model_is_refused_not_replaced(arguments):
    with pytest.raises(SystemExit, match="not found"):
        rasa_argv(arguments)


def test_a_model_that_is_there_is_passed_on(tmp_path):
    model = tmp_path / "isobot-x.tar.gz"
    model.write_bytes(b"")
    argv = rasa_argv(["--model", str(model), "--port", "5005"])
    assert argv[0] == "run" and argv[-4:] == ["--model", str(model), "--port", "5005"]


def test_secrets_never_travel_on_the_command_line():
    with pytest.raises(SystemExit, match="never from the command line"):
        rasa_argv(["--auth-token", "s3cret"])
