"""One red-flag detector per set of files in a process, shared by every reader.

The SafetyGate (inside the model) and the rate limits (in front of it) ask the same
question of the same rules, and of the same learned net (the model's, published as it
loads). Each detector holds a spaCy pipeline and compiled phrase matchers, so two copies
would cost a second spaCy load and could drift apart; here the same spaCy pipeline and
rules file always give the same instance, whoever asks first.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from isobot import settings
from isobot.safety.detector import RedFlagDetector

if TYPE_CHECKING:  # scikit-learn is loaded by the model, not by every reader of the rules
    from isobot.safety.learned_net import RedFlagNet

_lock = threading.Lock()
_built: dict[tuple[str, str], RedFlagDetector] = {}
_loaded_net: list[RedFlagNet] = []  # the last loaded model's: one model serves per process


def shared_detector(spacy_path: Path | str, rules_path: Path | str) -> RedFlagDetector:
    """The process's detector for this spaCy pipeline and these rules, built on first use.

    Keyed by the rules' content, not their path: the model reads the copy it was trained with
    (the same bytes as safety/red_flags.yml when the model is current)."""
    key = (str(Path(spacy_path).resolve()), hashlib.sha256(Path(rules_path).read_bytes()).hexdigest())
    with _lock:
        if key not in _built:
            _built[key] = RedFlagDetector.from_paths(spacy_path, rules_path)
        return _built[key]


def project_detector() -> RedFlagDetector:
    """The English detector over the project's own files (the CLI)."""
    return shared_detector(settings.SPACY_PIPELINE, settings.RED_FLAG_RULES)


def project_detectors() -> list[RedFlagDetector]:
    """Every language's detector over the project's own files (the rate limits): English, Spanish."""
    return [project_detector(), shared_detector(settings.SPACY_PIPELINE_ES, settings.RED_FLAG_RULES_ES)]


def publish_net(net: RedFlagNet | None) -> None:
    """Called by the SafetyGate as its model loads, so a message the net would escalate is never
    held back by a rate limit the rules alone would have let it through."""
    with _lock:
        _loaded_net[:] = [net] if net is not None else []


def shared_net() -> RedFlagNet | None:
    """The loaded model's learned net, if there is one."""
    with _lock:
        return _loaded_net[0] if _loaded_net else None
