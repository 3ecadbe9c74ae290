"""A patient's conversation over REST against the real Rasa and action servers."""

from __future__ import annotations

import sqlalchemy as sa

from isobot.staff import log as staff_log


def test_greet_question_followups_and_feedback(chat, catalogue, db_url):
    greeting = chat.texts("hi there")
    assert greeting and "isotretinoin" in greeting[0].lower()

    answer = chat.send("how does isotretinoin cause back pain?")
    assert "\n\n".join(m["text"] for m in answer[:-1]) == catalogue.answers["causes_overview"].text
    assert answer[-1]["text"] == "Was this helpful?"
    assert [b["payload"] for b in answer[-1]["buttons"]] == ["/feedback_helpful", "/feedback_not_helpful"]

    assert chat.said("tell me more") == catalogue.answers["cause_inflammation_joints"].text
    assert chat.said("what about the bone one?") == catalogue.answers["cause_bone_density"].text
    nerves = chat.said("and the nerves?")
    assert nerves.startswith(catalogue.answers["cause_nerve_sensitivity"].text)
    assert nerves.endswith("Was this helpful?")  # asked again, but not after every answer

    thanks = chat.texts("/feedback_helpful")
    assert thanks == ["Thanks for letting me know."]
    with staff_log.engine(db_url).connect() as connection:
        rows = connection.execute(sa.select(staff_log.feedback.c.answer_id, staff_log.feedback.c.helpful)).all()
    assert ("cause_nerve_sensitivity", True) in [tuple(r) for r in rows]


def test_brand_names_and_typos_reach_the_same_answer(chat, catalogue):
    assert catalogue.answers["prevalence_overview"].text in chat.said("how common is bak pain on roacutane")


def test_out_of_scope_states_the_scope_with_topic_buttons(chat, catalogue):
    reply = chat.send("what's the weather like in paris tomorrow")
    assert "isotretinoin" in reply[0]["text"].lower()
    titles = [b["title"] for b in reply[0]["buttons"]]
    assert titles == [catalogue.answers[t].label for t in catalogue.default_topics]


def test_asking_for_a_human_says_how_to_reach_the_care_team(chat):
    reply = chat.texts("can i talk to a real person please")
    assert "clinic" in reply[0].lower() and "emergency" in reply[0].lower()


def test_the_promotional_claim_is_never_repeated(chat):
    for question in ("what can i take for the pain", "tell me about zanskar products", "what helps with the pain"):
        for text in chat.texts(question):
            assert "no side effects" not in text.lower() and "buy now" not in text.lower()


def test_asking_who_runs_the_service_names_the_publisher_and_advertises_nothing(chat):
    reply = " ".join(chat.texts("who is behind this service?")).lower()
    assert "zanskar health" in reply and "medical team" in reply
    assert not any(word in reply for word in ("download", "mobile app", "coaching", "care team"))
