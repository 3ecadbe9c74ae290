"""SMS and WhatsApp through Twilio (WhatsApp senders arrive as "whatsapp:+44...").

Variables: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER (the SMS sender, +E.164).
Optional: TWILIO_WHATSAPP_NUMBER (WhatsApp sender, default TWILIO_NUMBER), TWILIO_WEBHOOK_URL
(the exact public URL registered with Twilio: the signature covers it, so set it behind a
proxy that rewrites scheme or host), TWILIO_API_URL (overrides https://api.twilio.com; tests
point it at a local stub).

Rasa's TwilioInput does not check X-Twilio-Signature at all and sends through Twilio's
blocking client; hence this connector. SMS and WhatsApp have no buttons: options are sent as
a numbered list and a reply of "2" is turned into option 2's payload before Rasa sees it.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from isobot.channels import adapt
from isobot.channels.common import (
    OnNewMessage,
    channel_blueprint,
    disabled_blueprint,
    hand_to_rasa,
    on,
    post_to_platform,
    require,
)
from isobot.channels.conversation_ids import TWILIO, conversation_id, platform_id
from isobot.channels.memory import ButtonMemory
from isobot.channels.source_line import SourceLineOutput
from isobot.settings import channel_settings

logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://api.twilio.com"
MAX_MESSAGE_CHARS = 1600  # Twilio's limit for one SMS or WhatsApp body
WHATSAPP = "whatsapp:"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioOutputChannel(SourceLineOutput):  # provenance as a source line
    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, settings: dict[str, str], memory: ButtonMemory) -> None:
        self.settings = settings
        self.memory = memory
        self.url = (
            f"{settings.get('api_url', DEFAULT_API_URL).rstrip('/')}"
            f"/2010-04-01/Accounts/{settings['account_sid']}/Messages.json"
        )

    def _sender_for(self, recipient_id: str) -> str:
        if recipient_id.startswith(WHATSAPP):
            return WHATSAPP + self.settings.get("whatsapp_number", self.settings["number"]).removeprefix(WHATSAPP)
        return self.settings["number"]

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        recipient_id = platform_id(TWILIO, recipient_id)
        # WhatsApp shows *bold*; SMS shows markup literally, so it is stripped.
        render = adapt.single_star_bold if recipient_id.startswith(WHATSAPP) else adapt.plain
        for part in adapt.split_message(text, MAX_MESSAGE_CHARS, render):
            await post_to_platform(
                "twilio",
                self.url,
                auth=(self.settings["account_sid"], self.settings["auth_token"]),
                data={"From": self._sender_for(recipient_id), "To": recipient_id, "Body": part},
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.memory.remember(platform_id(TWILIO, recipient_id), buttons)
        await self.send_text_message(recipient_id, adapt.numbered_options(text, buttons))


def _form_fields(request: Request) -> dict[str, str]:
    """The posted fields, blank ones included: Twilio signs empty fields (FromZip=...) too,
    and sanic's request.form drops them."""
    try:
        return dict(parse_qsl((request.body or b"").decode(), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


class TwilioChannel(TwilioInput):
    """Registered in credentials.yml as isobot.channels.twilio.TwilioChannel."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(
            channel_settings(
                "twilio",
                {"account_sid": "TWILIO_ACCOUNT_SID", "auth_token": "TWILIO_AUTH_TOKEN", "number": "TWILIO_NUMBER"},
                {
                    "whatsapp_number": "TWILIO_WHATSAPP_NUMBER",
                    "webhook_url": "TWILIO_WEBHOOK_URL",
                    "api_url": "TWILIO_API_URL",
                },
            )
        )

    def __init__(self, settings: dict[str, str] | None) -> None:  # noqa: D107 - settings None means off
        self.settings = settings
        self.memory = ButtonMemory()

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutputChannel(on(self.settings), self.memory)

    def is_signed(self, request: Request, params: dict[str, str]) -> bool:
        url = on(self.settings).get("webhook_url") or request.url
        signature = request.headers.get("X-Twilio-Signature", "")
        return bool(signature) and RequestValidator(on(self.settings)["auth_token"]).validate(url, params, signature)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.settings:
            return disabled_blueprint(self.name())
        blueprint = channel_blueprint("twilio_webhook")

        @blueprint.route("/webhook", methods=["POST"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def webhook(request: Request) -> HTTPResponse:
            params = _form_fields(request)
            if not self.is_signed(request, params):
                logger.warning("twilio: request refused, missing or wrong X-Twilio-Signature")
                return response.text("forbidden", status=403)
            require(bool(params.get("From")), "'From' is required.")
            require("Body" in params, "'Body' is required.")
            if params["Body"].strip():  # a media-only message has an empty Body: nothing to answer
                text = self.memory.resolve(params["From"], params["Body"])
                await hand_to_rasa(
                    on_new_message,
                    UserMessage(
                        text,
                        self.get_output_channel(),
                        conversation_id(TWILIO, params["From"]),
                        input_channel=self.name(),
                        metadata=None,
                    ),
                )
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return blueprint
