"""isobot/security/limits.py: no accepted message is longer than the red-flag detector reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from isobot.security.limits import MAX_MESSAGE_CHARS, MAX_SCAN_CHARS, accepted_text, message_too_long
from isobot.text import normalise

# U+FDFA normalises (NFKC) to 18 characters: a short message can outgrow the scan window.
EXPANDING = "\ufdfa"


def test_a_message_that_normalises_past_the_scan_window_is_too_long_even_under_the_character_cap():
    text = EXPANDING * (MAX_SCAN_CHARS // 18 + 100)
    assert len(text) < MAX_MESSAGE_CHARS and message_too_long(text)


def test_what_a_platform_channel_passes_on_is_read_whole_by_the_detector():
    for text in (EXPANDING * 10_000, "a" * (MAX_MESSAGE_CHARS + 10), "my legs keep giving way " * 3000):
        kept = accepted_text(text)
        assert text.startswith(kept) and not message_too_long(kept)
        assert len(normalise(kept)) <= MAX_SCAN_CHARS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_short_messages_are_never_too_long(text):
    assert not message_too_long(text) and accepted_text(text) == text
