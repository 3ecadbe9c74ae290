"""Action-server calls signed per request, so a captured call cannot be replayed.

Rasa used to send the shared secret itself (X-Action-Token) with every call: anyone who saw
one call could send it again, and one call replayed three times wrote three forged escalation
rows. Now the secret (ACTION_SERVER_TOKEN) never travels. Each call carries a timestamp, a
random nonce and an HMAC-SHA256, keyed with the secret, over both and the body. The action
server (rasa_sdk_plugins/) accepts a call only when the signature is right, the timestamp is
within WINDOW_SECONDS of its clock, and it has not seen the nonce within that window.

The nonces seen are kept per action-server process: with several worker processes a replay
within the window could reach a worker that has not seen it; the window bounds that to
seconds, and a call must still have been captured on the loopback interface.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Mapping

TOKEN_NAME = "ACTION_SERVER_TOKEN"
TIMESTAMP_HEADER = "X-Action-Timestamp"
NONCE_HEADER = "X-Action-Nonce"
SIGNATURE_HEADER = "X-Action-Signature"
WINDOW_SECONDS = 30
MAX_NONCES = 100_000  # more calls than this within one window would be a flood, not Rasa


def signature(token: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + nonce.encode() + b"." + body
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(token: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    nonce = secrets.token_hex(16)
    return {
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: signature(token, timestamp, nonce, body),
    }


class SeenNonces:
    """Nonces accepted within the last window (older ones can no longer pass the clock check)."""

    def __init__(self, window: float = WINDOW_SECONDS, limit: int = MAX_NONCES) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._window = window
        self._limit = limit
        self._lock = threading.Lock()

    def first_time(self, nonce: str, now: float) -> bool:
        with self._lock:
            while self._seen and (
                next(iter(self._seen.values())) < now - self._window or len(self._seen) >= self._limit
            ):
                self._seen.popitem(last=False)
            if nonce in self._seen:
                return False
            self._seen[nonce] = now
            return True


def check(
    token: str, headers: Mapping[str, str], raw_body: bytes, seen: SeenNonces, now: float | None = None
) -> str | None:
    """None when the call is signed, fresh and new; otherwise why it is refused."""
    now = time.time() if now is None else now
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    nonce = headers.get(NONCE_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    if not (timestamp.isdigit() and nonce and given):
        return "unsigned"
    body = raw_body or b""
    if headers.get("Content-Encoding") == "deflate":  # Rasa's optional compression; signed uncompressed
        try:
            body = zlib.decompress(body)
        except zlib.error:
            return "bad body"
    if not hmac.compare_digest(signature(token, timestamp, nonce, body).encode(), given.encode()):
        return "bad signature"
    if abs(now - int(timestamp)) > WINDOW_SECONDS:
        return "stale"
    if not seen.first_time(nonce, now):
        return "replayed"
    return None
