"""Size limits of the Rasa server, so one huge request cannot stall everyone else
(installed at start-up by isobot/channels/edge.py).

Sanic's default body limit is 100 MB: a 20 MB REST message took 27 s of the event loop, and
emergency messages sent meanwhile waited 10-15 s. Here:

- every request body to the Rasa server is capped at MAX_BODY_BYTES (Sanic's REQUEST_MAX_SIZE,
  checked against Content-Length before the body is read, and again while a chunked body
  arrives); over it the answer is HTTP 413 with a JSON error, at once;
- the REST channel also refuses a message longer than MAX_MESSAGE_CHARS (413, JSON), and the
  other channels cut it there (a platform cannot be told "too large"), so the red-flag
  detector, which scans up to MAX_SCAN_CHARS of normalised text, reads all of what is accepted;
- what is stored of a message is at most MAX_STORED_TEXT_CHARS (isobot/stores/tracker_store.py).

Rasa's HTTP API shares the cap: its model-upload and training routes (unused here: models are
built by `make build`) cannot take bodies over 64 KB.
"""

from __future__ import annotations

from isobot.text import normalise

MAX_BODY_BYTES = 64 * 1024
# The red-flag detector's scan window over normalised text (isobot/safety/detector.py).
MAX_SCAN_CHARS = 50_000
# A message may be as long as the detector reads (the project's tests send 20,000-character
# ones, which are answered). Normalising can lengthen a text (NFKC turns some single
# characters into up to 18), so acceptance checks the normalised length too.
MAX_MESSAGE_CHARS = MAX_SCAN_CHARS
MAX_STORED_TEXT_CHARS = 4096


# No character normalises to more than 18 (NFKC's longest expansion), so a text this short
# cannot outgrow the scan window and needs no normalising to be judged (every message is).
_SURELY_SHORT = MAX_SCAN_CHARS // 20


def message_too_long(text: str | None) -> bool:
    if not text or len(text) <= _SURELY_SHORT:
        return False
    return len(text) > MAX_MESSAGE_CHARS or len(normalise(text)) > MAX_SCAN_CHARS


def accepted_text(text: str) -> str:
    """The part of a message a channel without a "too large" answer passes on."""
    if not message_too_long(text):
        return text
    text = text[:MAX_MESSAGE_CHARS]
    while len(normalise(text)) > MAX_SCAN_CHARS:
        text = text[: len(text) // 2]
    return text
