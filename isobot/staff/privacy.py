"""Mask obvious identifiers before anything is stored for staff, and hash conversation ids."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from isobot.security.secret_files import ensure_secret

# Bounded repeats (RFC 5321 lengths): unbounded ones are quadratic on a long run of letters,
# 43 s for a 100,000-letter message, and this runs on every stored message.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63}){1,8}")
# 7+ digits, allowing spaces, dots, dashes and brackets between them, optional leading +.
# Dashes include the Unicode hyphens and dashes U+2010-U+2015 and the minus sign U+2212, which
# word processors and phone keyboards put in numbers ("07700\u2011900123").
_DASHES = "\u2010-\u2015\u2212"
_PHONE = re.compile(rf"\+?\d[\d\s().{_DASHES}-]{{5,30}}\d")
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"


def mask_identifiers(text: str | None) -> str:
    if not text:
        return ""
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(lambda m: PHONE_MASK if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)


SALT_NAME = "CONVERSATION_HASH_SALT"


@lru_cache(maxsize=1)
def _salt() -> str:
    """CONVERSATION_HASH_SALT from the environment or var/secrets/, generated there once.

    There is no default: with a public salt, anyone holding a staff table could hash every
    phone number (a Twilio conversation id) and read whose rows they are."""
    return ensure_secret(SALT_NAME)


def hash_conversation_id(sender_id: str) -> str:
    return hashlib.sha256(f"{_salt()}:{sender_id}".encode()).hexdigest()[:16]


# Client metadata is nested JSON; deeper than this is no real client's and is not stored.
MAX_MASKED_DEPTH = 20


def mask_nested(value: object, depth: int = 0) -> object:
    """`value` (JSON-like: dicts, lists, strings...) with identifiers masked in every string,
    keys included. A part nested deeper than MAX_MASKED_DEPTH is stored as None."""
    if isinstance(value, str):
        return mask_identifiers(value)
    if depth >= MAX_MASKED_DEPTH and isinstance(value, (dict, list, tuple)):
        return None
    if isinstance(value, dict):
        return {mask_identifiers(k) if isinstance(k, str) else k: mask_nested(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_nested(item, depth + 1) for item in value]
    return value
