"""A reply that carries `custom` stays ONE message, its text and its custom together.

CHANGES RASA'S BEHAVIOUR (Rasa 3.6, rasa/core/channels/channel.py and socketio.py), because
every answer and escalation now carries `custom.provenance` (isobot/content/provenance.py), and the
patient's client must know which text a provenance belongs to:

- `OutputChannel.send_response` sends the text, then `send_custom_json` separately. Rasa's
  `CollectingOutputChannel` (the REST webhook's) also splits the text at each blank line, so a
  REST reply became several text objects followed by a lone `{"custom": ...}` object.
  Here a message with `custom` is collected as one object: `{recipient_id, text, custom}`
  (plus `buttons` if it has them), its text whole. Messages without `custom` keep Rasa's way.
- `SocketIOOutput.send_custom_json` calls `sio.emit(event, **custom)`, so a custom payload
  `{"provenance": ...}` is passed to emit as a keyword it does not take (TypeError: the turn
  fails after the text went out). Here it is emitted as one `bot_uttered` message,
  `{"text", "custom"}` (plus `quick_replies`, shaped as Rasa's own).

Checked against Rasa's own behaviour in tests/channels/test_whole_messages.py, which fails
if a Rasa upgrade stops splitting (then this module can go).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel

__all__ = ["whole_message", "keep_whole", "socketio_payload"]


def whole_message(recipient_id: str, message: dict[str, Any]) -> dict[str, Any] | None:
    """The one object a message with text and `custom` becomes; None for any other message,
    which Rasa sends its own way."""
    custom, text = message.get("custom"), message.get("text")
    if not isinstance(custom, dict) or not custom or not isinstance(text, str) or not text:
        return None
    whole: dict[str, Any] = {"recipient_id": recipient_id, "text": text, "custom": custom}
    if message.get("buttons"):
        whole["buttons"] = message["buttons"]
    return whole


def keep_whole(channel: OutputChannel) -> None:
    """Make a CollectingOutputChannel (the REST webhook's) collect a message with `custom` as
    one object. Set on the instance: the REST channel creates its collector per request."""
    if not isinstance(channel, CollectingOutputChannel):
        return
    rasa_send = channel.send_response

    async def send_response(recipient_id: str, message: dict[str, Any]) -> None:
        whole = whole_message(recipient_id, message)
        if whole is None:
            await rasa_send(recipient_id, message)
        else:
            await channel._persist_message(whole)

    # Per instance, not Rasa's class: other collectors keep Rasa's behaviour (docs/rasa_patches.md).
    channel.send_response = send_response  # type: ignore[method-assign]


def socketio_payload(message: dict[str, Any]) -> dict[str, Any] | None:
    """The `bot_uttered` payload of a message with `custom`; None for any other message."""
    whole = whole_message("", message)
    if whole is None:
        return None
    payload: dict[str, Any] = {"text": whole["text"], "custom": whole["custom"]}
    if whole.get("buttons"):
        payload["quick_replies"] = [
            {"content_type": "text", "title": b.get("title"), "payload": b.get("payload")} for b in whole["buttons"]
        ]
    return payload
