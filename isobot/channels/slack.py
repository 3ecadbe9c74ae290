"""Slack, through the Events API (messages, mentions) and interactivity (button clicks).

Variables: SLACK_TOKEN (bot token, xoxb-...), SLACK_SIGNING_SECRET (app's signing secret).
SLACK_API_URL overrides https://slack.com/api (tests point it at a local stub).

Every request must carry a valid X-Slack-Signature over its raw body and a timestamp less
than five minutes old (Slack's replay window). Slack wants an answer within three seconds,
so the turn runs after the webhook has answered; Slack's retries are acknowledged and
dropped, so a slow turn never produces a second reply. Rasa's SlackInput answers 500 on
a malformed body and its button text is plain_text (no bold); hence this connector.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
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
from isobot.channels.conversation_ids import SLACK, conversation_id
from isobot.channels.source_line import SourceLineOutput
from isobot.settings import channel_settings

logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://slack.com/api"
MAX_BLOCK_CHARS = 3000
REPLAY_WINDOW_SECONDS = 300
MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return f"v0={digest}"


class SlackOutputChannel(SourceLineOutput):  # provenance as a source line
    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, api_url: str, token: str, channel: str) -> None:
        self.url = f"{api_url.rstrip('/')}/chat.postMessage"
        self.token = token
        self.channel = channel

    async def post(self, body: dict[str, Any]) -> None:
        await post_to_platform(
            "slack", self.url, json={"channel": self.channel, **body}, headers={"Authorization": f"Bearer {self.token}"}
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in adapt.split_message(text, MAX_BLOCK_CHARS, adapt.slack_mrkdwn):
            await self.post({"text": part, "mrkdwn": True})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        *before, last = adapt.split_message(text, MAX_BLOCK_CHARS, adapt.slack_mrkdwn) or [""]
        for part in before:
            await self.post({"text": part, "mrkdwn": True})
        elements = [
            {
                "type": "button",
                "action_id": f"option_{number}",
                "value": button.get("payload", ""),
                "text": {"type": "plain_text", "text": button.get("title", ""), "emoji": True},
            }
            for number, button in enumerate(buttons, 1)
        ]
        await self.post(
            {
                "text": last,
                "blocks": [
                    {"type": "section", "text": {"type": "mrkdwn", "text": last}},
                    {"type": "actions", "elements": elements},
                ],
            }
        )


class SlackChannel(SlackInput):
    """Registered in credentials.yml as isobot.channels.slack.SlackChannel."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(
            channel_settings(
                "slack",
                {"token": "SLACK_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET"},
                {"api_url": "SLACK_API_URL"},
            )
        )

    def __init__(self, settings: dict[str, str] | None) -> None:  # noqa: D107 - settings None means off
        self.settings = settings

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        settings = on(self.settings)
        return SlackOutputChannel(settings.get("api_url", DEFAULT_API_URL), settings["token"], channel or "")

    def is_signed(self, request: Request) -> bool:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
            return False
        expected = slack_signature(on(self.settings)["signing_secret"], timestamp, request.body or b"")
        return hmac.compare_digest(expected.encode(), signature.encode())

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        if not self.settings:
            return disabled_blueprint(self.name())
        blueprint = channel_blueprint("slack_webhook")

        @blueprint.route("/webhook", methods=["POST"])  # type: ignore[untyped-decorator]  # sanic's Blueprint methods are untyped
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_signed(request):
                logger.warning("slack: request refused, missing, stale or wrong signature")
                return response.json({"error": "forbidden"}, status=403)
            if request.headers.get("X-Slack-Retry-Num"):
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            if "application/x-www-form-urlencoded" in request.content_type:
                require("payload" in request.form, "An interactive request must carry 'payload'.")
                parsed = self._button_click(json_object(request.form.get("payload"), "'payload' field"))
            else:
                body = json_object(request.body, "Slack event")
                if body.get("type") == "url_verification":
                    require(isinstance(body.get("challenge"), str), "'challenge' must be a string.")
                    return response.json({"challenge": body["challenge"]})
                require(body.get("type") == "event_callback", "'type' must be 'event_callback' or 'url_verification'.")
                parsed = self._event(body.get("event"))
            if parsed:
                sender, channel, text = parsed
                # Slack gives up after 3 s: answer now, run the turn afterwards.
                request.app.add_task(
                    hand_to_rasa(
                        on_new_message,
                        UserMessage(
                            text,
                            self.get_output_channel(channel),
                            conversation_id(SLACK, sender),
                            input_channel=self.name(),
                            metadata=None,
                        ),
                    )
                )
            return response.json({"status": "ok"})

        return blueprint

    @staticmethod
    def _event(event: Any) -> tuple[str, str, str] | None:
        require(
            isinstance(event, dict) and isinstance(event.get("type"), str), "'event' must be an object with a 'type'."
        )
        if event["type"] not in ("message", "app_mention") or event.get("bot_id") or event.get("subtype"):
            return None  # our own posts, edits, joins...: nothing to answer
        for field in ("user", "channel", "text"):
            require(isinstance(event.get(field), str), f"'event.{field}' must be a string.")
        return event["user"], event["channel"], MENTION.sub("", event["text"]).strip()

    @staticmethod
    def _button_click(payload: dict[str, Any]) -> tuple[str, str, str] | None:
        require(payload.get("type") == "block_actions", "Only 'block_actions' interactions are handled.")
        user: Any = payload.get("user")  # JSON: each checked below
        channel: Any = payload.get("channel")
        actions: Any = payload.get("actions")
        require(isinstance(user, dict) and isinstance(user.get("id"), str), "'user.id' must be a string.")
        require(isinstance(channel, dict) and isinstance(channel.get("id"), str), "'channel.id' must be a string.")
        require(
            isinstance(actions, list)
            and actions
            and isinstance(actions[0], dict)
            and isinstance(actions[0].get("value"), str),
            "'actions[0].value' must be a string.",
        )
        return user["id"], channel["id"], actions[0]["value"]
