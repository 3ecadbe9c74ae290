"""Mask obvious identifiers before anything is stored for staff, and hash conversation ids."""
from __future__ import annotations

import hashlib
import os
import re

# Bounded repeats (RFC 5321 lengths): unbounded ones are quadratic on a long run of letters,
# 43 s for a 100,000-letter message, and this runs on every stored message.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63}){1,8}")
# 7+ digits, allowing spaces, dots, dashes and brackets between them, optional leading +.
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,30}\d")
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"


def mask_identifiers(text: str | None) -> str:
    if not text:
        return ""
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(lambda m: PHONE_MASK if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)


def hash_conversation_id(sender_id: str) -> str:
    salt = os.environ.get("CONVERSATION_HASH_SALT", "isobot")
    return hashlib.sha256(f"{salt}:{sender_id}".encode()).hexdigest()[:16]
