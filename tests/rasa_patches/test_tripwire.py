"""The tripwire for a Rasa upgrade: every Rasa internal the project replaces or overrides is
still the code its patch was written against (signature and source hash, recorded in each
patch's declaration). A failure names the patch module to re-read; after re-reading and
fixing it, record the new fingerprint there and change SUPPORTED_RASA_VERSION."""

from __future__ import annotations

import importlib
import inspect

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from isobot import rasa_patches
from isobot.content.yaml_file import safe_yaml
from isobot.rasa_patches import registry
from isobot.rasa_patches.base import Original, drifted
from isobot.rasa_patches.tracker_store_overrides import PATCH as TRACKER_STORE_OVERRIDES
from tests.servers import ROOT

ORIGINALS = [(patch, original) for patch in registry.ALL for original in patch.replaces]


@pytest.fixture(autouse=True)
def rasas_own_code():
    rasa_patches.uninstall()  # fingerprint Rasa's originals, never our replacements
    yield


@pytest.mark.parametrize("patch,original", ORIGINALS, ids=[f"{p.name}:{o.target}" for p, o in ORIGINALS])
def test_each_replaced_rasa_internal_is_what_its_patch_was_written_against(patch, original):
    changes = drifted(original)
    assert changes == [], (
        f"Rasa changed {original.target}: re-read isobot/rasa_patches/{patch.name}.py ({'; '.join(changes)})"
    )


def test_the_tripwire_notices_a_changed_source():
    target = ORIGINALS[0][1]
    assert drifted(Original(target.target, target.signature, "0" * 16))
    assert drifted(Original(target.target, "(self)", target.source_sha256))


def _tracker_store_class() -> type:
    """The store endpoints.yml names, wherever the package layout puts it."""
    endpoints = safe_yaml((ROOT / "endpoints.yml").read_text())
    module, _, name = endpoints["tracker_store"]["type"].rpartition(".")
    store: type = getattr(importlib.import_module(module), name)
    return store


def test_the_tracker_stores_overrides_of_rasas_private_methods_are_all_declared():
    store = _tracker_store_class()
    overridden = {
        name
        for name, value in vars(store).items()
        if name.startswith("_")
        and not name.startswith("__")
        and inspect.isfunction(value)
        and name in vars(SQLTrackerStore)
    }
    declared = {original.target.rsplit(".", 1)[-1] for original in TRACKER_STORE_OVERRIDES.replaces}
    assert overridden == declared, "declare them in isobot/rasa_patches/tracker_store_overrides.py"


def test_every_patch_is_in_the_registry_once():
    names = [patch.name for patch in registry.ALL]
    modules = {path.stem for path in (ROOT / "isobot/rasa_patches").glob("*.py")}
    assert len(names) == len(set(names)) and set(names) <= modules
    assert modules - set(names) == {"__init__", "base", "registry", "startup", "state_replay", "tracker_history"}
