"""SMS and WhatsApp through Twilio: signed form posts in, Messages API calls out, numbered options for buttons."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random

import httpx
import pytest
import sqlalchemy as sa

from isobot.channels import adapt
from isobot.channels.conversation_ids import TWILIO, conversation_id
from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id
from tests import servers
from tests.channels.conftest import (
    EMERGENCY_ID,
    EMERGENCY_MESSAGE,
    QUESTION,
    QUESTION_ANSWER_ID,
    SECRETS,
    answer_reply,
    assert_still_serving,
    domain_text,
    escalation_reply,
    new_id,
    user_turns,
)

MESSAGES_PATH = f"/2010-04-01/Accounts/{SECRETS['TWILIO_ACCOUNT_SID']}/Messages.json"


def signature(params: dict, url: str = SECRETS["TWILIO_WEBHOOK_URL"], token: str = SECRETS["TWILIO_AUTH_TOKEN"]) -> str:
    """https://www.twilio.com/docs/usage/security#validating-requests: URL + sorted key/values, HMAC-SHA1, base64."""
    data = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def inbound(sender: str, text: str) -> dict:
    """The form fields Twilio posts for an incoming SMS (or WhatsApp message when sender is whatsapp:...)."""
    whatsapp = sender.startswith("whatsapp:")
    to = f"whatsapp:{SECRETS['TWILIO_WHATSAPP_NUMBER']}" if whatsapp else SECRETS["TWILIO_NUMBER"]
    sid = "SM" + new_id() + new_id() + "abcdefghij"[:2] * 6
    fields = {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": text,
        "FromCountry": "GB",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": SECRETS["TWILIO_ACCOUNT_SID"],
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    if whatsapp:
        fields.update({"ProfileName": "Sam", "WaId": sender.removeprefix("whatsapp:+")})
    return fields


def post(rasa, fields: dict, signed: str | None = "auto") -> httpx.Response:
    headers = {} if signed is None else {"X-Twilio-Signature": signature(fields) if signed == "auto" else signed}
    return httpx.post(f"{rasa.url}/webhooks/twilio/webhook", data=fields, headers=headers, timeout=60)


def sent_to(platform_api, recipient: str) -> list[dict]:
    calls = platform_api.calls_where(lambda call: call["path"] == MESSAGES_PATH and call["body"].get("To") == recipient)
    expected_auth = (
        "Basic " + base64.b64encode(f"{SECRETS['TWILIO_ACCOUNT_SID']}:{SECRETS['TWILIO_AUTH_TOKEN']}".encode()).decode()
    )
    assert all(call["headers"]["Authorization"] == expected_auth for call in calls)
    return [call["body"] for call in calls]


@pytest.fixture
def phone() -> str:
    return f"+4477009{random.randint(10000, 99999)}"


def test_an_sms_question_gets_plain_text_and_numbered_options_and_a_digit_picks_one(
    channel_rasa, platform_api, catalogue, channel_db_url, phone
):
    reply = post(channel_rasa, inbound(phone, QUESTION))
    assert reply.status_code == 200 and "<Response>" in reply.text
    answer, feedback = sent_to(platform_api, phone)
    assert answer == {
        "From": SECRETS["TWILIO_NUMBER"],
        "To": phone,
        "Body": adapt.plain(answer_reply(catalogue, QUESTION_ANSWER_ID)),
    }
    assert "**" not in answer["Body"]
    assert feedback["Body"] == f"{domain_text('utter_ask_feedback')}\n1. 👍 Yes\n2. 👎 No"

    assert post(channel_rasa, inbound(phone, "2")).status_code == 200
    assert user_turns(channel_rasa.url, conversation_id(TWILIO, phone))[-1] == "/feedback_not_helpful"
    with staff_log.engine(channel_db_url).connect() as connection:
        rows = connection.execute(
            sa.select(staff_log.feedback.c.answer_id, staff_log.feedback.c.helpful).where(
                staff_log.feedback.c.conversation == hash_conversation_id(conversation_id(TWILIO, phone))
            )
        ).all()
    assert [tuple(row) for row in rows] == [(QUESTION_ANSWER_ID, False)]


def test_a_number_with_no_options_shown_stays_text(channel_rasa, platform_api, phone):
    assert post(channel_rasa, inbound(phone, "hello")).status_code == 200
    assert post(channel_rasa, inbound(phone, "2")).status_code == 200
    assert user_turns(channel_rasa.url, conversation_id(TWILIO, phone)) == ["hello", "2"]


def test_a_whatsapp_emergency_arrives_first_and_whole_from_the_whatsapp_number(channel_rasa, platform_api, catalogue):
    sender = f"whatsapp:+4477009{random.randint(10000, 99999)}"
    assert post(channel_rasa, inbound(sender, EMERGENCY_MESSAGE)).status_code == 200
    first = sent_to(platform_api, sender)[0]
    assert first["From"] == f"whatsapp:{SECRETS['TWILIO_WHATSAPP_NUMBER']}"
    assert first["Body"] == adapt.single_star_bold(escalation_reply(catalogue, EMERGENCY_ID))  # WhatsApp shows *bold*


@pytest.mark.parametrize("bad", [None, "", "not-a-signature", "wrong-token", "other-url"])
def test_an_unsigned_or_wrongly_signed_request_is_refused(channel_rasa, platform_api, phone, bad):
    fields = inbound(phone, QUESTION)
    signed = {
        "wrong-token": signature(fields, token=servers.wrong_secret()),
        "other-url": signature(fields, url="https://evil.example.test/webhooks/twilio/webhook"),
    }.get(bad, bad)
    assert post(channel_rasa, fields, signed).status_code == 403
    assert sent_to(platform_api, phone) == []
    assert user_turns(channel_rasa.url, conversation_id(TWILIO, phone)) == []


def test_a_signature_over_different_fields_is_refused(channel_rasa, platform_api, phone):
    fields = inbound(phone, "hello")
    tampered = {**fields, "Body": QUESTION}
    assert post(channel_rasa, tampered, signature(fields)).status_code == 403
    assert sent_to(platform_api, phone) == []


@pytest.mark.parametrize("fields", [{}, {"Body": "hello"}, {"From": "+447700900000"}, {"From": "", "Body": "hi"}])
def test_a_malformed_signed_request_is_a_4xx_and_the_server_keeps_serving(channel_rasa, fields):
    assert post(channel_rasa, fields).status_code == 400
    assert_still_serving(channel_rasa.url)


def test_an_empty_body_is_refused(channel_rasa):
    reply = httpx.post(
        f"{channel_rasa.url}/webhooks/twilio/webhook",
        content=b"",
        headers={"X-Twilio-Signature": signature({})},
        timeout=30,
    )
    assert reply.status_code == 400
    assert_still_serving(channel_rasa.url)
