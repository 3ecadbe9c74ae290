"""scripts/training_inputs.py: the code the model's hash covers (scripts/build.sh retrains on it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scripts.training_inputs import ROOT, code_closure, component_modules, training_code

CONFIG = ROOT / "config.yml"


def hashed() -> set[str]:
    return {str(p.relative_to(ROOT)) for p in training_code(CONFIG)}


def test_the_components_in_config_and_what_they_read_retrain():
    files = hashed()
    assert {
        "isobot/nlu/safety_gate.py",
        "isobot/nlu/topic_router.py",
        "isobot/nlu/input_normaliser.py",
        "isobot/nlu/ruler_entities.py",
        "isobot/safety/detector.py",
        "isobot/nlu/topic_evidence.yml",
    } <= files
    assert len(component_modules(CONFIG)) == 4


def test_a_channel_a_store_a_staff_tool_or_the_web_server_does_not_retrain():
    files = hashed()
    assert not {f for f in files if f.startswith(("isobot/channels/", "isobot/stores/", "isobot/staff/", "web/"))}
    assert "isobot/serve.py" not in files


def test_every_isobot_module_a_component_loads_is_hashed():
    """Import the components for real (as training does) and list the project modules loaded:
    a dynamic or lazy import the static reading missed fails here."""
    modules = component_modules(CONFIG)
    probe = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(getattr(m, '__file__', None) or '' for n, m in list(sys.modules.items())"
        " if n == 'isobot' or n.startswith('isobot.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = {str(Path(f).relative_to(ROOT)) for f in json.loads(done.stdout.splitlines()[-1]) if f}
    assert loaded, "the probe loaded no isobot module"
    assert loaded <= hashed(), f"loaded by the components but not hashed: {sorted(loaded - hashed())}"


def test_lazy_and_relative_imports_are_followed(tmp_path):
    package = tmp_path / "isobot"
    (package / "nlu").mkdir(parents=True)
    (package / "stores").mkdir()
    for init in ("__init__.py", "nlu/__init__.py", "stores/__init__.py"):
        (package / init).write_text("")
    (package / "nlu" / "component.py").write_text(
        "def process():\n    from ..stores import cache\n    from . import helper\n"
    )
    (package / "nlu" / "helper.py").write_text("import isobot.deep\n")
    (package / "deep.py").write_text("")
    (package / "stores" / "cache.py").write_text("")
    (package / "stores" / "unrelated.py").write_text("")
    found = code_closure(["isobot.nlu.component"], tmp_path)
    assert set(found) == {
        "isobot",
        "isobot.nlu",
        "isobot.nlu.component",
        "isobot.nlu.helper",
        "isobot.deep",
        "isobot.stores",
        "isobot.stores.cache",
    }
