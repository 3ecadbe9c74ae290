"""Fit vetted text to a platform without rewriting it.

The catalogue is written in a small markdown subset (**bold**, "- " lists, paragraphs).
Each platform gets the same words: bold converted to its own syntax or stripped, and long
answers split into several messages at sentence ends, never inside a sentence (unless a
single sentence is longer than the platform allows, which no vetted text is).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
# A sentence ends at . ! ? (optionally followed by closing bold, a quote or a bracket) before a space,
# or at a line break; the separator stays with the text before it.
SENTENCE_END = re.compile(r"(?<=[.!?])(?:\*\*)?[\"')\]]?\s+|\n+")


def plain(text: str) -> str:
    """SMS and Messenger: no formatting at all."""
    return BOLD.sub(r"\1", text)


def single_star_bold(text: str) -> str:
    """Slack mrkdwn and WhatsApp: *bold*."""
    return BOLD.sub(r"*\1*", text)


def telegram_html(text: str) -> str:
    """Telegram with parse_mode=HTML: <b>bold</b>, everything else escaped (no markdown escaping pitfalls)."""
    parts, last = [], 0
    for match in BOLD.finditer(text):
        parts.append(html.escape(text[last : match.start()], quote=False))
        parts.append(f"<b>{html.escape(match.group(1), quote=False)}</b>")
        last = match.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts)


def _pieces(text: str) -> list[str]:
    """Sentences and lines, each keeping its trailing separator, so joining them gives the text back."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _hard_split(piece: str, limit: int) -> list[str]:
    """Last resort for one sentence longer than the limit: cut at spaces."""
    chunks, current = [], ""
    for word in re.split(r"(?<=\s)", piece):
        while len(word) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(word[:limit])
            word = word[limit:]
        if len(current) + len(word) > limit and current:
            chunks.append(current)
            current = ""
        current += word
    if current:
        chunks.append(current)
    return chunks


def split_message(text: str, limit: int, render: Callable[[str], str] = plain) -> list[str]:
    """Render `text` for a platform as messages of at most `limit` characters each.

    Packs whole sentences greedily, measuring the rendered length, so a message is only
    split where the platform forces it.
    """
    text = text.strip()
    if len(render(text)) <= limit:
        return [render(text)] if text else []
    chunks, current = [], ""
    for piece in _pieces(text):
        if len(render((current + piece).strip())) <= limit:
            current += piece
            continue
        if current.strip():
            chunks.append(current)
        current = piece
        if len(render(piece.strip())) > limit:
            *whole, current = _hard_split(piece, max(1, limit - (len(render(piece)) - len(piece))))
            chunks.extend(whole)
    if current.strip():
        chunks.append(current)
    return [render(chunk.strip()) for chunk in chunks if chunk.strip()]


def numbered_options(text: str, buttons: list[dict[str, Any]]) -> str:
    """For platforms without buttons: the button titles as a numbered list under the text."""
    options = "\n".join(f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, 1))
    return f"{text.strip()}\n{options}" if text.strip() else options


def slack_mrkdwn(text: str) -> str:
    """Slack mrkdwn: &, < and > must be escaped, bold is *bold*."""
    return single_star_bold(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
