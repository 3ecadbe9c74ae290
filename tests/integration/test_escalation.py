"""Red flags over REST: the urgent instruction comes first, with and without the action server."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
import sqlalchemy as sa

from isobot.channels.conversation_ids import STAFF_TOKEN_HEADER
from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id
from tests import servers
from tests.conftest import Chat

# The emergency examples, in our own words, with the message each must get.
EMERGENCIES = [
    ("i've gone numb around my privates and inner thighs", "cauda_equina"),
    ("I can't pee properly since yesterday and my back is killing me", "cauda_equina"),
    ("i wet myself without noticing", "cauda_equina"),
    ("both my legs feel weak and tingly", "bilateral_leg_weakness"),
    ("my legs keep giving way when I stand", "bilateral_leg_weakness"),
    ("I fell off a ladder and my lower back is in agony", "trauma"),
    ("back pain with a high fever and shivering", "infection"),
    ("I've got a crushing pain in my chest", "chest_pain"),
    ("i just want to end it all", "self_harm"),
    ("my throat is swelling and I can hardly breathe", "anaphylaxis"),
    ("awful stomach pain going through to my back and I keep vomiting", "pancreatitis"),
    ("worst headache of my life and my vision keeps going blurry", "intracranial_hypertension"),
    ("my skin is blistering and peeling and I'm running a fever", "severe_skin_reaction"),
]


def expected_text(catalogue, escalation_id: str) -> str:
    return catalogue.escalations[escalation_id].text.format(**catalogue.region_numbers(None))


@pytest.mark.parametrize("message, escalation", EMERGENCIES)
def test_emergencies_get_the_emergency_instruction_first(chat, catalogue, message, escalation):
    texts = chat.texts(message)
    assert texts[0] == expected_text(catalogue, escalation)
    assert texts[0].startswith("**") and "911" in texts[0]  # action first, bold, with the number


@pytest.mark.parametrize("message, escalation", EMERGENCIES)
def test_emergencies_arrive_with_the_action_server_down(rasa_without_actions, catalogue, message, escalation):
    texts = Chat(rasa_without_actions.url).texts(message)
    assert texts and texts[0] == expected_text(catalogue, escalation)


def test_a_red_flag_in_a_later_turn_escalates(chat, catalogue):
    chat.send("hello")
    chat.send("how common is back pain on accutane?")
    assert chat.texts("ok and now my bum feels numb when i wipe")[0] == expected_text(catalogue, "cauda_equina")


def test_an_escalation_is_never_followed_by_faq_content(chat, catalogue):
    texts = chat.texts("why does accutane hurt my back? also i can't feel my legs")
    assert texts == [expected_text(catalogue, "bilateral_leg_weakness")]


@pytest.mark.parametrize(
    "message",
    [
        "no tingling and my bladder is fine, it just aches",
        "my back is murdering me today haha",
        "I smashed my workout",
        "I had the flu a few months ago",
    ],
)
def test_negation_figures_of_speech_and_the_past_do_not_alarm(chat, catalogue, message):
    said = chat.said(message)
    assert "Call 911" not in said and "emergency department" not in said


@pytest.mark.parametrize(
    "message",
    [
        "my brother got really low on accutane, does that happen?",
        "which symptoms would mean I need the ER?",
    ],
)
def test_third_party_and_hypothetical_get_red_flag_information(chat, catalogue, message):
    assert chat.said(message) == expected_text(catalogue, "red_flags_info")


def test_urgent_symptoms_say_contact_your_doctor_today(chat, catalogue):
    assert chat.texts("my eyes have gone yellow")[0] == expected_text(catalogue, "hepatotoxicity")


def test_the_escalation_is_logged_masked_and_staff_are_notified(chat, db_url, staff_webhook):
    chat.send("my legs keep giving way, call me on 07700 900123 or mail jo@example.com")
    # Logged and notified after the reply (isobot/staff/escalation_watch.py): wait for this one.
    conversation = hash_conversation_id(chat.conversation)

    def this_conversation() -> list[dict]:
        return [r["json"] for r in staff_webhook.received if r["json"].get("conversation") == conversation]

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not this_conversation():
        time.sleep(0.2)
    assert this_conversation(), "the staff webhook got nothing for this conversation"
    summary = this_conversation()[-1]
    assert summary["tier"] == "emergency" and "bilateral_leg_weakness" in summary["flags"]

    def logged_rows() -> list:
        with staff_log.engine(db_url).connect() as connection:
            return connection.execute(
                sa.select(staff_log.escalations).where(staff_log.escalations.c.conversation == conversation)
            ).all()

    deadline = time.monotonic() + 5  # the row is marked notified once the webhook has answered
    while time.monotonic() < deadline and not (logged_rows() and logged_rows()[0].notified):
        time.sleep(0.1)
    rows = logged_rows()
    assert len(rows) == 1
    assert rows[0].tier == "emergency" and rows[0].notified
    assert "07700" not in rows[0].message and "jo@example.com" not in rows[0].message
    assert "[phone]" in rows[0].message and "[email]" in rows[0].message


def escalation_rows(db_url: str, conversation: str) -> int:
    with staff_log.engine(db_url).connect() as connection:
        return len(
            connection.execute(
                sa.select(staff_log.escalations).where(
                    staff_log.escalations.c.conversation == hash_conversation_id(conversation)
                )
            ).all()
        )


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.2)
    return condition()


def test_no_sender_name_keeps_an_emergency_out_of_the_escalation_log(rasa_server, db_url, catalogue):
    # The staff console's old throwaway prefix, and the staff namespace's own name, chosen by a client.
    for sender in (f"staff-explain-{uuid.uuid4().hex}", f"staff:{uuid.uuid4().hex}"):
        chat = Chat(rasa_server.url, sender=sender)
        assert chat.texts("my legs keep giving way")[0] == expected_text(catalogue, "bilateral_leg_weakness")
        assert wait_until(lambda chat=chat: escalation_rows(db_url, chat.conversation) == 1), sender


def test_only_a_request_with_the_api_token_is_a_staff_test_kept_out_of_the_escalation_log(
    rasa_server, db_url, catalogue
):
    url = f"{rasa_server.url}/webhooks/rest/webhook"
    sender = uuid.uuid4().hex
    body = {"sender": sender, "message": "my legs keep giving way"}
    staff = httpx.post(url, json=body, headers={STAFF_TOKEN_HEADER: servers.API_TOKEN}, timeout=60).json()
    assert staff[0]["recipient_id"] == f"staff:{sender}"
    assert staff[0]["text"] == expected_text(catalogue, "bilateral_leg_weakness")  # answered as a patient would be
    forged = httpx.post(url, json=body, headers={STAFF_TOKEN_HEADER: servers.wrong_secret()}, timeout=60).json()
    assert forged[0]["recipient_id"] == f"rest:{sender}"
    assert wait_until(lambda: escalation_rows(db_url, f"rest:{sender}") == 1)
    assert escalation_rows(db_url, f"staff:{sender}") == 0


def test_back_pain_gets_the_guided_check_and_yes_escalates(chat, catalogue):
    reply = chat.send("my lower back is sore on roaccutane")
    question = reply[-1]
    assert [b["title"] for b in question["buttons"]] == ["Yes", "No", "Skip the check"]
    yes = question["buttons"][0]["payload"]
    assert chat.texts(yes)[0] == expected_text(catalogue, "cauda_equina")


def test_the_guided_check_all_no_gives_self_care(chat, catalogue):
    chat.send("my back hurts")
    chat.send("/deny")
    chat.send("/deny")
    assert catalogue.answers["self_care_summary"].text in chat.said("/deny")


def test_a_typed_red_flag_during_the_check_still_escalates(chat, catalogue):
    chat.send("my back hurts")
    assert chat.texts("actually my legs are going numb")[0] == expected_text(catalogue, "bilateral_leg_weakness")


def test_the_check_can_be_skipped_for_another_question(chat, catalogue):
    chat.send("my back hurts")
    assert catalogue.answers["prevalence_overview"].text in chat.said("how common is this on accutane?")


# A red flag told in two messages, the second a bare temperature, while the guided check waits
# for an answer: the check must not swallow it (the payload opens the check for certain).
SPLIT_FEVER = [
    ("my lower back is killing me on roaccutane", "temp is 39.4"),
    ("back's been really sore since monday", "102F and shivering"),
]


@pytest.mark.parametrize("first, second", SPLIT_FEVER)
def test_pain_then_a_fever_number_escalates_with_the_check_open(chat, catalogue, first, second):
    chat.send(first)
    opened = chat.texts("/report_back_pain")
    assert any("?" in t for t in opened)  # the check is asking its first question
    assert chat.texts(second)[0] == expected_text(catalogue, "infection")


@pytest.mark.parametrize("first, second", SPLIT_FEVER)
def test_pain_then_a_fever_number_escalates_with_the_action_server_down(rasa_without_actions, catalogue, first, second):
    chat = Chat(rasa_without_actions.url)
    chat.send(first)
    chat.send("/report_back_pain")
    texts = chat.texts(second)
    assert texts and texts[0] == expected_text(catalogue, "infection")


def test_a_number_that_is_not_a_temperature_does_not_escalate(chat, catalogue):
    chat.send("my lower back aches a bit on roaccutane")
    chat.send("/skip_check")
    assert not any(t.startswith("**Call") for t in chat.texts("it's day 39 on 40mg, is that early for it?"))


def test_a_question_beside_a_red_flag_only_read_about_gets_its_answer_then_the_red_flag_information(chat, catalogue):
    said = chat.said(
        "the leaflet lists pancreatitis and liver problems, i have none of that. how common is back pain on accutane?"
    )
    assert said.startswith(catalogue.answers["prevalence_overview"].text)
    assert expected_text(catalogue, "red_flags_info") in said
