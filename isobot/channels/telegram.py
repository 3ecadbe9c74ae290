"""Telegram, through a webhook registered with a secret token.

Variables: TELEGRAM_TOKEN (from @BotFather), TELEGRAM_SECRET_TOKEN (any 1-256 of A-Z a-z 0-9 _ -,
Telegram echoes it in X-Telegram-Bot-Api-Secret-Token on every update), TELEGRAM_WEBHOOK_URL
(the public https URL of /webhooks/telegram/webhook). TELEGRAM_API_URL overrides
https://api.telegram.org (tests point it at a local stub).

Rasa's TelegramInput checks the bot's username via getMe on every update (no proof the
update came from Telegram), answers 500 on a malformed body, and uses aiogram, which
cannot be pointed elsewhere per process; hence this connector. Buttons become an inline
keyboard; text is sent with parse_mode=HTML so bold survives without markdown escaping.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
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
from isobot.channels.conversation_ids import TELEGRAM, conversation_id, platform_id
from isobot.channels.source_line import SourceLineOutput
from isobot.settings import channel_settings

logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://api.telegram.org"
MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64


class CallbackPayloads:
    """Telegram's callback_data holds at most 64 bytes; longer button payloads travel as a
    short digest and are looked up here (payloads come from the domain, so the table stays small)."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}

    def key_for(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith("#"):
            return payload
        key = "#" + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._by_key[key] = payload
        return key

    def payload_for(self, data: str) -> str:
        return self._by_key.get(data, data)


class TelegramOutputChannel(SourceLineOutput):  # provenance as a source line
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api_url: str, token: str, payloads: CallbackPayloads) -> None:
        self.method_url = f"{api_url.rstrip('/')}/bot{token}"
        self.payloads = payloads

    async def call(self, method: str, body: dict[str, Any]) -> None:
        await post_to_platform("telegram", f"{self.method_url}/{method}", json=body)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        chat_id = platform_id(TELEGRAM, recipient_id)
        for part in adapt.split_message(text, MAX_MESSAGE_CHARS, adapt.telegram_html):
            await self.call("sendMessage", {"chat_id": chat_id, "text": part, "parse_mode": "HTML"})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        chat_id = platform_id(TELEGRAM, recipient_id)
        *before, last = adapt.split_message(text, MAX_MESSAGE_CHARS, adapt.telegram_html) or [""]
        for part in before:
            await self.call("sendMessage", {"chat_id": chat_id, "text": part, "parse_mode": "HTML"})
        keyboard = [
            [{"text": button.get("title", ""), "callback_data": self.payloads.key_for(button.get("payload", ""))}]
            for button in buttons
        ]
        await self.call(
            "sendMessage",
            {"chat_id": chat_id, "text": last, "parse_mode": "HTML", "reply_markup": {"inline_keyboard": keyboard}},
        )

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.call("sendPhoto", {"chat_id": platform_id(TELEGRAM, recipient_id), "photo": image})


def _chat_id(message: Any) -> str:
    require(isinstance(message, dict), "'message' must be an object.")
    chat = message.get("chat")
    require(
        isinstance(chat, dict) and isinstance(chat.get("id"), int) and not isinstance(chat.get("id"), bool),
        "'message.chat.id' must be an integer.",
    )
    return str(chat["id"])


class TelegramChannel(TelegramInput):
    """Registered in credentials.yml as isobot.channels.telegram.TelegramChannel."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        settings = channel_settings(
            "telegram",
            {"token": "TELEGRAM_TOKEN", "secret_token": "TELEGRAM_SECRET_TOKEN", "webhook_url": "TELEGRAM_WEBHOOK_URL"},
            {"api_url": "TELEGRAM_API_URL"},
        )
        return cls(settings)

    def __init__(self, settings: dict[str, str] | None) -> None:  # noqa: D107 - settings None means off
        self.settings = settings
        self.payloads = CallbackPayloads()

    def get_output_channel(self) -> TelegramOutputChannel:  # type: ignore[override]
        # Rasa's TelegramInput returns its python-telegram-bot output; this one speaks HTTP itself.
        settings = on(self.settings)
        return TelegramOutputChannel(settings.get("api_url", DEFAULT_API_URL), settings["token"], self.payloads)

    async def register_webhook(self) -> None:
        """setWebhook with the secret token, so Telegram signs every update (idempotent)."""
        await self.get_output_channel().call(
            "setWebhook",
            {
                "url": on(self.settings)["webhook_url"],
                "secret_token": on(self.settings)["secret_token"],
                "allowed_updates": ["message", "callback_query"],
            },
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.settings:
            return disabled_blueprint(self.name())
        blueprint = channel_blueprint("telegram_webhook")

        @blueprint.listener("after_server_start")  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def set_webhook(*_: Any) -> None:
            await self.register_webhook()

        @blueprint.route("/webhook", methods=["POST"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def webhook(request: Request) -> HTTPResponse:
            secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(secret.encode(), on(self.settings)["secret_token"].encode()):
                logger.warning("telegram: update refused, wrong or missing secret token")
                return response.json({"error": "forbidden"}, status=403)
            update = json_object(request.body, "Telegram update")
            require(isinstance(update.get("update_id"), int), "'update_id' must be an integer.")
            user_message = self._user_message(update, request)
            if user_message:
                await hand_to_rasa(on_new_message, user_message)
            return response.json({"status": "ok"})

        return blueprint

    def _user_message(self, update: dict[str, Any], request: Request) -> UserMessage | None:
        """The text (or button payload) of an update; None for updates we do not answer (stickers, edits)."""
        output = self.get_output_channel()
        if "callback_query" in update:
            query = update["callback_query"]
            require(
                isinstance(query, dict) and isinstance(query.get("data"), str),
                "'callback_query.data' must be a string.",
            )
            chat_id = _chat_id(query.get("message"))
            text = self.payloads.payload_for(query["data"])
            request.app.add_task(output.call("answerCallbackQuery", {"callback_query_id": str(query.get("id", ""))}))
        elif "message" in update:
            chat_id = _chat_id(update["message"])
            text = update["message"].get("text")
            require(text is None or isinstance(text, str), "'message.text' must be a string.")
            if text is None:
                return None
        else:
            return None
        return UserMessage(text, output, conversation_id(TELEGRAM, chat_id), input_channel=self.name(), metadata=None)
