"""What is stored about a patient, read back from the real database after real turns."""

from __future__ import annotations

import json
import time

import httpx
import sqlalchemy as sa

from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id
from tests.conftest import Chat


def stored_events(db_url: str, sender: str) -> list[dict]:
    with sa.create_engine(db_url).connect() as connection:
        return [
            json.loads(row.data)
            for row in connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            )
        ]


def staff_rows(db_url: str, sender: str) -> dict[str, int]:
    with staff_log.engine(db_url).connect() as connection:
        return {
            table.name: len(
                connection.execute(sa.select(table).where(table.c.conversation == hash_conversation_id(sender))).all()
            )
            for table in (staff_log.escalations, staff_log.feedback)
        }


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_emails_and_phone_numbers_never_reach_the_tracker_store(chat, db_url, catalogue):
    reply = chat.said("I'm sam.lee@example.org, 07700 900123: how common is back pain on accutane?")
    assert catalogue.answers["prevalence_overview"].text in reply  # the turn itself read it all
    stored = json.dumps(stored_events(db_url, chat.conversation))
    assert "sam.lee" not in stored and "900123" not in stored
    assert "[email], [phone]: how common is back pain" in stored


def test_forget_me_asks_first_then_erases_everywhere(chat, db_url):
    chat.send("how does isotretinoin cause back pain?")
    chat.send("/feedback_helpful")
    chat.send("my legs keep giving way")  # an emergency: written to the escalation log
    assert wait_for(lambda: staff_rows(db_url, chat.conversation)["isobot_escalations"] == 1)
    assert staff_rows(db_url, chat.conversation)["isobot_feedback"] == 1

    question = chat.send("please forget me")
    assert "erase" in question[0]["text"]
    assert [b["payload"] for b in question[0]["buttons"]] == ["/affirm", "/deny"]
    assert stored_events(db_url, chat.conversation), "nothing is erased before the patient confirms"

    done = chat.texts("/affirm")
    assert len(done) == 1 and "erased" in done[0]
    assert stored_events(db_url, chat.conversation) == []
    assert staff_rows(db_url, chat.conversation) == {"isobot_escalations": 0, "isobot_feedback": 0}

    # The next message starts a fresh conversation: no answer is left to "tell more" about.
    chat.send("hello")
    assert [e for e in stored_events(db_url, chat.conversation) if e["event"] == "user"][0]["text"] == "hello"


def test_a_typed_yes_confirms_and_a_no_keeps_everything(rasa_server, db_url):
    keeper = Chat(rasa_server.url)
    keeper.send("how common is back pain on accutane?")
    keeper.send("delete my data")
    assert "nothing has been erased" in keeper.said("no").lower()
    assert stored_events(db_url, keeper.conversation)

    eraser = Chat(rasa_server.url)
    eraser.send("how common is back pain on accutane?")
    eraser.send("can you delete this conversation")
    assert "erased" in eraser.said("yes please")
    assert stored_events(db_url, eraser.conversation) == []


def test_rest_metadata_is_stored_masked_in_the_user_event_and_the_session_start_slot(rasa_server, db_url):
    chat = Chat(rasa_server.url)
    metadata = {"email": "sam.lee@example.org", "profile": {"phone": "07700 900123"}}
    reply = httpx.post(chat.url, json={"sender": chat.sender, "message": "hello", "metadata": metadata}, timeout=60)
    assert reply.status_code == 200 and reply.json()
    events = stored_events(db_url, chat.conversation)
    assert "sam.lee" not in json.dumps(events) and "900123" not in json.dumps(events)
    masked = {"email": "[email]", "profile": {"phone": "[phone]"}}
    # Rasa adds its model and assistant ids to every event's metadata.
    assert [{k: v for k, v in e["metadata"].items() if k in metadata} for e in events if e["event"] == "user"] == [
        masked
    ]
    slot_values = [e["value"] for e in events if e["event"] == "slot" and e["name"] == "session_started_metadata"]
    assert slot_values and all(value == masked for value in slot_values)  # Rasa sets it, then carries it over
