"""Keys this project adds to parsed messages (visible in /model/parse and tracker latest_message)."""

FULL_TEXT = "isobot_full_text"  # normalised, untruncated text for the red-flag detector
NOTICES = "input_notices"  # e.g. ["truncated"], ["unreadable"], ["non_english"]
SAFETY = "safety"  # the detector's finding and the gate's decision

TRUNCATED = "truncated"
UNREADABLE = "unreadable"
NON_ENGLISH = "non_english"
