"""Facebook Messenger, through a page webhook.

Variables: FACEBOOK_VERIFY (the verify token you type when subscribing the webhook),
FACEBOOK_SECRET (the app secret: Meta signs every POST with it), FACEBOOK_PAGE_ACCESS_TOKEN.
FACEBOOK_API_URL overrides https://graph.facebook.com/v18.0 (tests point it at a local stub).

Rasa's FacebookInput checks only the SHA-1 X-Hub-Signature, answers 200 "not validated"
to a bad one, and sends through a blocking client; hence this connector. Here the POST must
carry X-Hub-Signature-256 (HMAC-SHA256 of the raw body). Messenger has no formatting, so
bold is stripped; buttons become quick replies (up to 13, unlike the 3 of a button template).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from isobot.channels import adapt
from isobot.channels.common import (
    OnNewMessage,
    channel_blueprint,
    disabled_blueprint,
    hand_to_rasa,
    json_object,
    on,
    post_to_platform,
    require,
)
from isobot.channels.conversation_ids import FACEBOOK, conversation_id, platform_id
from isobot.channels.source_line import SourceLineOutput
from isobot.settings import channel_settings

logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://graph.facebook.com/v18.0"
MAX_MESSAGE_CHARS = 2000
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_TITLE = 20


def hub_signature_256(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class MessengerOutputChannel(SourceLineOutput):  # provenance as a source line
    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, api_url: str, page_token: str) -> None:
        self.url = f"{api_url.rstrip('/')}/me/messages"
        self.page_token = page_token

    async def send(self, recipient_id: str, message: dict[str, Any]) -> None:
        await post_to_platform(
            "facebook",
            self.url,
            params={"access_token": self.page_token},
            json={
                "recipient": {"id": platform_id(FACEBOOK, recipient_id)},
                "messaging_type": "RESPONSE",
                "message": message,
            },
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in adapt.split_message(text, MAX_MESSAGE_CHARS, adapt.plain):
            await self.send(recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        *before, last = adapt.split_message(text, MAX_MESSAGE_CHARS, adapt.plain) or [""]
        for part in before:
            await self.send(recipient_id, {"text": part})
        replies = [
            {
                "content_type": "text",
                "title": button.get("title", "")[:MAX_QUICK_REPLY_TITLE],
                "payload": button.get("payload", ""),
            }
            for button in buttons[:MAX_QUICK_REPLIES]
        ]
        await self.send(recipient_id, {"text": last, "quick_replies": replies})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send(recipient_id, {"attachment": {"type": "image", "payload": {"url": image}}})


class FacebookChannel(FacebookInput):
    """Registered in credentials.yml as isobot.channels.facebook.FacebookChannel."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(
            channel_settings(
                "facebook",
                {"verify": "FACEBOOK_VERIFY", "secret": "FACEBOOK_SECRET", "page_token": "FACEBOOK_PAGE_ACCESS_TOKEN"},
                {"api_url": "FACEBOOK_API_URL"},
            )
        )

    def __init__(self, settings: dict[str, str] | None) -> None:  # noqa: D107 - settings None means off
        self.settings = settings

    def get_output_channel(self) -> OutputChannel:
        settings = on(self.settings)
        return MessengerOutputChannel(settings.get("api_url", DEFAULT_API_URL), settings["page_token"])

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.settings:
            return disabled_blueprint(self.name())
        blueprint = channel_blueprint("fb_webhook")

        @blueprint.route("/webhook", methods=["GET"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def verify_subscription(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode(), on(self.settings)["verify"].encode()
            ):
                return response.text(request.args.get("hub.challenge", ""))
            logger.warning("facebook: webhook verification refused, wrong verify token")
            return response.text("forbidden", status=403)

        @blueprint.route("/webhook", methods=["POST"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def webhook(request: Request) -> HTTPResponse:
            expected = hub_signature_256(on(self.settings)["secret"], request.body or b"")
            if not hmac.compare_digest(expected.encode(), request.headers.get("X-Hub-Signature-256", "").encode()):
                logger.warning("facebook: request refused, missing or wrong X-Hub-Signature-256")
                return response.json({"error": "forbidden"}, status=403)
            for message in self._messages(json_object(request.body, "Messenger webhook")):
                await hand_to_rasa(on_new_message, message)
            return response.text("EVENT_RECEIVED")

        return blueprint

    def _messages(self, body: dict[str, Any]) -> list[UserMessage]:
        """Every text, quick reply or postback in the batch; all checked before any reaches Rasa."""
        require(body.get("object") == "page", "'object' must be 'page'.")
        entries: Any = body.get("entry")  # JSON: checked below
        require(isinstance(entries, list), "'entry' must be a list.")
        messages = []
        for entry in entries:
            require(
                isinstance(entry, dict) and isinstance(entry.get("messaging", []), list),
                "'entry[].messaging' must be a list.",
            )
            for event in entry.get("messaging", []):
                text = self._text(event)
                if text is not None:
                    messages.append(
                        UserMessage(
                            text,
                            self.get_output_channel(),
                            conversation_id(FACEBOOK, event["sender"]["id"]),
                            input_channel=self.name(),
                            metadata=None,
                        )
                    )
        return messages

    @staticmethod
    def _text(event: Any) -> str | None:
        require(isinstance(event, dict), "'messaging[]' must be objects.")
        sender = event.get("sender")
        require(isinstance(sender, dict) and isinstance(sender.get("id"), str), "'sender.id' must be a string.")
        message, postback = event.get("message"), event.get("postback")
        if isinstance(postback, dict):
            require(isinstance(postback.get("payload"), str), "'postback.payload' must be a string.")
            payload: str = postback["payload"]
            return payload
        if message is None:
            return None  # deliveries, reads, reactions
        require(isinstance(message, dict), "'message' must be an object.")
        if message.get("is_echo"):
            return None  # our own messages, echoed back
        quick_reply = message.get("quick_reply")
        if isinstance(quick_reply, dict) and isinstance(quick_reply.get("payload"), str):
            reply: str = quick_reply["payload"]
            return reply
        text: str | None = message.get("text")
        require(text is None or isinstance(text, str), "'message.text' must be a string.")
        return text
