"""On the messaging platforms, a reply's provenance is one short line under its text.

Answers and escalations carry `custom.provenance` (isobot/content/provenance.py). Rasa's
`OutputChannel.send_custom_json` would post the custom JSON itself as a text message, so a
patient on Telegram, Slack, Messenger or SMS would receive raw JSON. Instead the connectors
take this mixin: the custom payload never goes out as such, and its `source_line` (worded in
content/provenance.yml, "Source: ..., reviewed 25 Nov 2026.") ends the same message, after a
blank line, so each platform's own rendering and splitting (isobot/channels/adapt.py) apply
to it like to any vetted text, and buttons stay under the whole message.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel

from isobot.content.provenance import PROVENANCE_KEY

__all__ = ["SourceLineOutput", "source_line"]


def source_line(custom: Any) -> str | None:
    """The patient-facing source line of a message's custom payload, if it has one."""
    provenance = custom.get(PROVENANCE_KEY) if isinstance(custom, dict) else None
    line = provenance.get("source_line") if isinstance(provenance, dict) else None
    return line.strip() if isinstance(line, str) and line.strip() else None


class SourceLineOutput(OutputChannel):
    """Mixed into the platform connectors' output channels (before OutputChannel)."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        message = dict(message)
        line = source_line(message.pop("custom", None))  # no custom payload reaches the platform as text
        has_text = isinstance(message.get("text"), str) and bool(message["text"].strip())
        if line and has_text:
            message["text"] = f"{message['text'].rstrip()}\n\n{line}"
        await super().send_response(recipient_id, message)
        if line and not has_text:
            await self.send_text_message(recipient_id, line)
