"""Keys this project adds to parsed messages (visible in /model/parse and tracker latest_message)."""

FULL_TEXT = "isobot_full_text"  # normalised, untruncated text for the red-flag detector
NOTICES = "input_notices"  # e.g. ["truncated"], ["unreadable"], ["non_english"]
SAFETY = "safety"  # the detector's finding and the gate's decision
# In the intent: the TopicRouter found the intent named in the asking clause's own words.
ASKED_IN_CLAUSE = "asked_in_clause"

TRUNCATED = "truncated"
UNREADABLE = "unreadable"
NON_ENGLISH = "non_english"
