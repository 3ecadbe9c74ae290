"""Masking and hashing of identifiers (isobot/staff/privacy.py)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys

import pytest

from isobot.staff import privacy
from isobot.staff.privacy import PHONE_MASK, hash_conversation_id, mask_identifiers, mask_nested
from tests.servers import ROOT

UNICODE_DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"]


@pytest.mark.parametrize("dash", UNICODE_DASHES, ids=[f"U+{ord(d):04X}" for d in UNICODE_DASHES])
def test_phone_numbers_written_with_unicode_hyphens_and_dashes_are_masked(dash):
    assert mask_identifiers(f"call me on 07700{dash}900{dash}123 please") == f"call me on {PHONE_MASK} please"
    assert mask_identifiers(f"+44{dash}20{dash}7946{dash}0958") == PHONE_MASK


def test_short_numbers_with_unicode_dashes_stay_readable():
    assert mask_identifiers("days 3\u20135, 20\u201340 mg") == "days 3\u20135, 20\u201340 mg"


def test_nested_metadata_is_masked_in_every_string_and_key():
    masked = mask_nested({"email": "sam@example.org", "sam@example.org": [{"phone": "07700 900123"}], "n": 3})
    assert masked == {"email": "[email]", "[email]": [{"phone": "[phone]"}], "n": 3}


@pytest.fixture
def no_salt_in_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(privacy.SALT_NAME, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    privacy._salt.cache_clear()
    yield tmp_path
    privacy._salt.cache_clear()


def test_the_conversation_hash_salt_has_no_public_default(no_salt_in_environment):
    public = hashlib.sha256(b"isobot:twilio:+447700900123").hexdigest()[:16]
    assert hash_conversation_id("twilio:+447700900123") != public


def test_the_conversation_hash_salt_is_generated_once_private_and_shared_by_every_process(no_salt_in_environment):
    first = hash_conversation_id("rest:u1")
    salt_file = no_salt_in_environment / "secrets" / privacy.SALT_NAME
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(salt_file.parent.stat().st_mode) == 0o700
    assert len(salt_file.read_text().strip()) >= 32
    # Another process (the action server, `make forget`) reads the same salt, so the same hash.
    other = subprocess.run(
        [sys.executable, "-c", "from isobot.staff.privacy import hash_conversation_id as h; print(h('rest:u1'))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert other.stdout.strip() == first
