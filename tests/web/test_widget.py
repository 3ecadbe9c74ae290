"""The patient chat widget in Chromium, against the real Rasa and action servers."""

from __future__ import annotations

import json

import sqlalchemy as sa

from isobot import settings
from isobot.channels.conversation_ids import REST, conversation_id
from isobot.staff import log as staff_log
from isobot.staff.privacy import hash_conversation_id
from tests.web.browser import Widget, run_axe, screenshot

GREETING = "I can answer questions about isotretinoin"
CAUSES_QUESTION = "how does isotretinoin cause back pain?"
OFF_TOPIC = "what is the capital of france"
EMERGENCY = "I cannot feel my bottom and I wet myself"
THANKS = "Thanks for letting me know."


def emergency_number(catalogue) -> str:
    return catalogue.region_numbers(settings.region())["emergency_number"]


def feedback_rows(db_url: str, sender: str) -> list[dict]:
    table = staff_log.feedback
    query = sa.select(table.c.answer_id, table.c.helpful).where(
        table.c.conversation == hash_conversation_id(conversation_id(REST, sender))
    )
    with staff_log.engine(db_url).connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def test_a_full_conversation_with_quick_replies_and_feedback(page, web_server, db_url, catalogue):
    widget = Widget(page, web_server.url).load()
    widget.open()
    # The disclaimer comes first, with the emergency number as a link.
    disclaimer = page.locator(".isobot-disclaimer")
    assert "not a diagnosis" in disclaimer.inner_text()
    assert disclaimer.locator(f"a[href='tel:{emergency_number(catalogue)}']").count() == 1

    # The typing indicator shows while the assistant is answering (watched from inside the page).
    page.evaluate("""() => { window.__typing = [];
        const status = document.querySelector('.isobot-typing');
        new MutationObserver(() => window.__typing.push(status.textContent))
            .observe(status, {subtree: true, childList: true, characterData: true}); }""")
    widget.send("hello")
    assert GREETING in widget.bot_messages().last.inner_text()
    assert "The assistant is typing…" in page.evaluate("() => window.__typing")
    assert page.locator(".isobot-typing").inner_text() == ""

    widget.send(CAUSES_QUESTION)
    answer = widget.bot_messages().last
    assert answer.get_attribute("data-answer-id") == "causes_overview"
    # Safe markdown: the catalogue's **bold** and "- " bullets become real elements.
    assert answer.locator("strong").count() >= 3 and answer.locator("li").count() >= 3
    assert "**" not in answer.inner_text()

    widget.send(OFF_TOPIC)
    quick_replies = page.locator(".isobot-quick-reply")
    assert quick_replies.count() >= 2
    label = quick_replies.first.inner_text()
    widget.wait_for_reply(lambda: quick_replies.first.click())
    assert page.locator(".isobot-quick-reply").count() == 0  # used up
    assert page.locator(".isobot-user").last.inner_text().endswith(label)
    chosen = widget.bot_messages().last.get_attribute("data-answer-id")
    assert chosen in catalogue.answers
    # Only the latest answer keeps its thumbs: feedback is recorded against it.
    assert page.locator(".isobot-thumbs").count() == 1

    widget.wait_for_reply(lambda: page.get_by_role("button", name="Yes, this was helpful").click())
    assert THANKS in widget.bot_messages().last.inner_text()
    assert page.get_by_role("button", name="Yes, this was helpful").get_attribute("aria-pressed") == "true"
    assert feedback_rows(db_url, widget.sender() or "") == [{"answer_id": chosen, "helpful": True}]
    screenshot(page, "widget-conversation")


def test_a_reload_keeps_the_conversation_and_start_over_clears_it(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hello")
    widget.send(CAUSES_QUESTION)
    widget.wait_for_reply(lambda: page.get_by_role("button", name="No, this was not helpful").click())
    before = page.locator(".isobot-msg").all_inner_texts()
    sender = widget.sender()
    assert sender and page.evaluate("() => document.cookie") == ""  # HttpOnly: no script reads it

    page.reload()
    page.locator(".isobot-bot").last.wait_for()
    assert widget.sender() == sender
    assert page.get_by_role("dialog").is_visible()  # it stays open too
    assert page.locator(".isobot-msg").all_inner_texts() == before
    assert page.get_by_role("button", name="No, this was not helpful").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Start over").click()  # it asks first (test_widget_rough_edges.py)
    with page.expect_response(lambda r: r.url.endswith("/api/restart")):
        page.get_by_role("alertdialog").get_by_role("button", name="Start over", exact=True).click()
    assert page.locator(".isobot-msg").count() == 0
    assert page.locator(".isobot-disclaimer").is_visible()
    assert widget.sender() != sender
    page.reload()
    page.locator(".isobot-disclaimer").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator(".isobot-msg").count() == 0


def test_asking_for_a_person_gets_the_handoff_reply(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("I want to talk to a real person")
    assert "contact the clinic or your prescriber" in widget.bot_messages().last.inner_text()


def test_markup_from_the_patient_is_shown_as_text(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    attacks = ["<img src=x onerror=\"window.__xss='img'\">", "<script>window.__xss='script'</script>"]
    for attack in attacks:
        widget.send(attack)
    shown = page.locator(".isobot-user").all_text_contents()
    assert [text.split(": ", 1)[1] for text in shown] == attacks
    assert page.locator(".isobot-log img, .isobot-log script").count() == 0
    assert page.evaluate("() => window.__xss") is None


def test_markup_from_the_server_is_shown_as_text(page, web_server):
    """Even if a reply carried markup, only bold, lists and paragraphs are rendered."""
    hostile = (
        "**Bold** <img src=x onerror=\"window.__xss='bot'\">\n- item <script>window.__xss='s'</script>"
        "\n\n<a href='javascript:alert(1)'>link</a>"
    )
    body = {"messages": [{"role": "bot", "text": hostile, "buttons": [{"title": "<b>x</b>", "payload": "/greet"}]}]}
    page.route(
        "**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    )
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hi")
    reply = widget.bot_messages().last
    assert reply.locator("strong").inner_text() == "Bold"
    assert reply.locator("li").inner_text().startswith("item <script>")
    assert "<a href='javascript:alert(1)'>link</a>" in reply.inner_text()
    assert reply.locator("img, script, a").count() == 0
    assert page.locator(".isobot-quick-reply").inner_text() == "<b>x</b>"
    assert page.evaluate("() => window.__xss") is None


def test_an_unreachable_assistant_says_so_with_the_emergency_number(page, web_server, catalogue):
    page.route("**/api/chat", lambda route: route.fulfill(status=502, body="{}"))
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hello")
    error = page.locator(".isobot-error")
    assert "can't be reached" in error.inner_text() and emergency_number(catalogue) in error.inner_text()
    assert error.get_attribute("role") == "alert"


def test_an_emergency_is_distinct_announced_and_callable(page, web_server, catalogue):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(EMERGENCY)
    alert = page.get_by_role("alert")
    assert "isobot-tier-emergency" in alert.get_attribute("class")
    number = emergency_number(catalogue)
    assert alert.locator(f"a[href='tel:{number}']").count() >= 2  # in the text and as a call button
    assert alert.get_by_role("link", name=f"Call {number}").is_visible()
    colours = alert.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopStyle]")
    assert colours == ["rgb(253, 236, 236)", "solid"]


def test_keyboard_only_open_type_send_buttons_close(page, web_server):
    widget = Widget(page, web_server.url).load()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "isobot-launcher"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "isobot-input"
    page.keyboard.type(OFF_TOPIC)
    widget.wait_for_reply(lambda: page.keyboard.press("Enter"))
    # The quick replies sit just before the input in the tab order.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.className") == "isobot-quick-reply"
    widget.wait_for_reply(lambda: page.keyboard.press("Enter"))
    assert widget.bot_messages().last.get_attribute("data-answer-id")
    assert page.evaluate("() => document.activeElement.id") == "isobot-input"
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()
    assert page.evaluate("() => document.activeElement.className") == "isobot-launcher"


def test_focus_is_visible(page, web_server):
    Widget(page, web_server.url).load()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_axe_finds_no_serious_problems_and_screenshots(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send(OFF_TOPIC)
    widget.send(EMERGENCY)
    screenshot(page, "widget-desktop")
    assert run_axe(page, "widget") == []


def test_mobile_360_has_no_horizontal_scroll(browser, web_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        page = context.new_page()
        widget = Widget(page, web_server.url).load()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        widget.open()
        widget.send(CAUSES_QUESTION)
        widget.send(OFF_TOPIC)
        box = page.get_by_role("dialog").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        log_overflow = page.evaluate(
            "() => { const l = document.querySelector('.isobot-log'); return l.scrollWidth - l.clientWidth; }"
        )
        assert log_overflow <= 0
        # Short labels are never broken mid-word (the thumbs stay one line high).
        heights = [b.bounding_box()["height"] for b in page.locator(".isobot-thumb").all()]
        assert heights and max(heights) < 48
        screenshot(page, "widget-mobile-360")
        assert run_axe(page, "widget-mobile") == []
    finally:
        context.close()
