"""One conversation served by two Rasa processes in turn keeps its slots and context."""

from __future__ import annotations

import httpx

from tests.scale.conftest import new_sender, said


def test_tell_me_more_on_the_other_process_continues_the_topic(scaled_stack, catalogue):
    process_a, process_b = scaled_stack.rasa_urls
    sender = new_sender()

    def ask(url: str, message: str) -> str:
        return said(httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60))

    first = ask(process_a, "how does isotretinoin cause back pain?")
    assert first.startswith(catalogue.answers["causes_overview"].text)
    # "more" is resolved from the last_answer_id slot, which only PostgreSQL can hand over.
    more_id = catalogue.answers["causes_overview"].more
    assert ask(process_b, "tell me more") == catalogue.answers[more_id].text
    assert ask(process_a, "what about the bone one?") == catalogue.answers["cause_bone_density"].text

    stored = scaled_stack.user_texts([sender])[sender]
    assert stored == ["how does isotretinoin cause back pain?", "tell me more", "what about the bone one?"]
