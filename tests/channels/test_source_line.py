"""isobot/channels/source_line.py: on the messaging platforms an answer or escalation ends with
its "Source: ..., reviewed ..." line, and no custom JSON ever reaches a patient. Each platform's
API is the recording stub of tests/channels/conftest.py; the exact messages per platform are also
checked in test_telegram.py, test_slack.py, test_facebook.py and test_twilio.py."""

from __future__ import annotations

import asyncio
import json
import random

from rasa.core.channels.channel import OutputChannel

from isobot.channels.source_line import SourceLineOutput
from tests.channels import test_facebook, test_slack, test_telegram, test_twilio
from tests.channels.conftest import EMERGENCY_MESSAGE, QUESTION, new_id

ANSWER_LINE = (
    "Source: This popular Acne treatment may cause serious Lower Back Pain, section “How Isotretinoin May "
    "Cause Lower Back Pain”, reviewed 25 Nov 2026."
)


def test_a_telegram_answer_ends_with_its_source_line(channel_rasa, platform_api):
    chat_id = random.randint(10**8, 10**9)
    assert test_telegram.post(channel_rasa, test_telegram.update(chat_id, QUESTION)).status_code == 200
    answer = test_telegram.sent_to(platform_api, chat_id)[0]["text"]
    assert answer.endswith("\n\n" + ANSWER_LINE)


def test_an_sms_escalation_ends_with_its_sources_and_sign_off(channel_rasa, platform_api):
    phone = f"+4477008{random.randint(10000, 99999)}"
    assert test_twilio.post(channel_rasa, test_twilio.inbound(phone, EMERGENCY_MESSAGE)).status_code == 200
    body = test_twilio.sent_to(platform_api, phone)[0]["Body"]
    first, _, line = body.rpartition("\n\n")
    assert first.startswith("Call 911")
    assert line.startswith("Sources: NHS: Cauda equina syndrome; NHS: Back pain; Chou et al.")
    assert line.endswith("Reviewed 25 Nov 2026; clinical sign-off pending.")


def test_no_platform_is_sent_the_custom_json(channel_rasa, platform_api):
    user, channel = new_id("U"), new_id("D")
    slack_body = test_slack.message_event(user, channel, QUESTION)
    assert test_slack.post(channel_rasa, slack_body, test_slack.sign(slack_body)).status_code == 200
    slack = [m["text"] for m in test_slack.posted_to(platform_api, channel, count=2)]
    sender = str(int(new_id("1").encode().hex()[:15], 16))  # page-scoped ids are digit strings
    fb_body = test_facebook.webhook_body(sender, message={"text": QUESTION})
    assert test_facebook.post(channel_rasa, fb_body, test_facebook.sign(fb_body)).status_code == 200
    messenger = [m["text"] for m in test_facebook.sent_to(platform_api, sender)]
    assert slack[0].endswith("reviewed 25 Nov 2026.") and messenger[0].endswith(ANSWER_LINE)
    for text in slack + messenger:
        assert "provenance" not in text and "{" not in text


class Recorder(OutputChannel):
    """Keeps what an output channel would post, to compare Rasa's behaviour with the mixin's."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def send_text_message(self, recipient_id, text, **kwargs) -> None:
        self.texts.append(text)


class WithSourceLine(SourceLineOutput, Recorder):
    pass


def test_a_custom_payload_is_never_posted_as_text_unlike_rasas_default():
    custom = {"other": {"a": 1}}
    rasas, ours = Recorder(), WithSourceLine()
    for channel in (rasas, ours):
        asyncio.run(channel.send_response("telegram:1", {"text": "Thanks.", "custom": custom}))
    assert rasas.texts == ["Thanks.", json.dumps(custom)]  # Rasa's OutputChannel posts the JSON itself
    assert ours.texts == ["Thanks."]
