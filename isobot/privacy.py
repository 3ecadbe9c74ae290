"""Mask obvious identifiers before anything is stored for staff, and hash conversation ids."""
from __future__ import annotations

import hashlib
import os
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 7+ digits, allowing spaces, dots, dashes and brackets between them, optional leading +.
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
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
