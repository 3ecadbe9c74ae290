""" "Save or print this conversation" (issue 16, §4): a clean page made in the browser, against
the real Rasa and action servers, in Chromium. The suite's servers run with generous rate
limits (tests/servers.py)."""

from __future__ import annotations

import json

import pytest

from tests.web.browser import Widget, run_axe, screenshot
from web.server import WIDGET_CONTENT
from web.widget_content import load_widget_content

CAUSES_QUESTION = "how does isotretinoin cause back pain?"
EMERGENCY = "I cannot feel my bottom and I wet myself"


@pytest.fixture(scope="module")
def strings():
    return load_widget_content(WIDGET_CONTENT).strings


def watch_requests(page) -> list[str]:
    """Every request the page makes from now on (what could carry the summary away)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def test_the_summary_puts_escalation_advice_first_then_the_questions_the_date_and_the_disclaimer(
    page, web_server, strings
):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send(EMERGENCY)
    page.get_by_role("button", name=strings["summary_button_label"]).click()
    summary = page.get_by_role("dialog", name=strings["summary_title"])
    text = summary.inner_text()
    # The advice to act on comes first, before the questions, with the emergency instruction.
    advice = summary.locator(".isobot-summary-advice")
    assert strings["summary_advice_heading"] in advice.inner_text() and "Call 911" in advice.inner_text()
    assert text.index(strings["summary_advice_heading"]) < text.index(strings["summary_questions_heading"])
    questions = summary.locator(".isobot-summary-question").all_inner_texts()
    assert [q.split(": ", 1)[1] for q in questions] == [CAUSES_QUESTION, EMERGENCY]
    assert "Inflammation and joint effects" in summary.locator(".isobot-summary-exchange").first.inner_text()
    assert summary.locator(".isobot-summary-date time").get_attribute("datetime")
    assert "not a diagnosis" in summary.locator(".isobot-summary-disclaimer").inner_text()
    assert run_axe(page, "widget-summary") == []


def test_the_print_view_shows_only_the_summary_and_stays_in_the_browser(page, web_server, strings):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send(EMERGENCY)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    requests = watch_requests(page)
    page.get_by_role("button", name=strings["summary_button_label"]).click()
    page.get_by_role("button", name=strings["summary_print"]).click()
    assert page.evaluate("() => window.__printed") == 1
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['main', '.site-header', '.isobot-widget:not(.isobot-summary-root)',
        '.isobot-summary-actions'].map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none"] * 4
    assert page.locator(".isobot-summary-advice").is_visible()
    screenshot(page, "widget-print-view", full_page=True)
    page.emulate_media(media="screen")
    assert requests == []  # nothing was sent anywhere to make or print it
    page.get_by_role("button", name=strings["summary_print"]).focus()  # the screenshot took the focus
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog", name=strings["summary_title"]).count() == 0
    assert page.evaluate("() => document.activeElement.className") == "isobot-summary-button"


@pytest.mark.parametrize("command", ["print", "Save this conversation.", "PRINT THE CONVERSATION"])
def test_a_print_command_in_the_chat_opens_the_summary_without_sending_it(page, web_server, strings, command):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    requests = watch_requests(page)
    box = page.get_by_label("Your message")
    box.fill(command)
    box.press("Enter")
    page.get_by_role("dialog", name=strings["summary_title"]).wait_for()
    assert not [url for url in requests if url.endswith("/api/chat")]
    assert page.locator(".isobot-user").count() == 1  # the command is not a message in the chat


def test_each_answer_in_the_summary_carries_its_source_line(page, web_server):
    """The provenance payload (CONTRACTS.md §2) shaped as the web server relays it; a reply
    without one (the greeting) simply has no source line."""
    line = "Source: Isotretinoin and lower back pain, reviewed 25 Nov 2026"
    replies = iter(
        [
            {"messages": [{"role": "bot", "text": "Hello!", "buttons": []}]},
            {
                "messages": [
                    {
                        "role": "bot",
                        "text": "Several things may contribute.",
                        "buttons": [],
                        "answer_id": "causes_overview",
                        "provenance": {"kind": "answer", "id": "causes_overview", "source_line": line},
                    }
                ]
            },
        ]
    )
    page.route(
        "**/api/chat",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(next(replies))),
    )
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hello")
    widget.send(CAUSES_QUESTION)
    page.get_by_label("Your message").fill("print")
    page.get_by_label("Your message").press("Enter")
    exchanges = page.locator(".isobot-summary-exchange")
    assert exchanges.nth(0).locator(".isobot-summary-source").count() == 0
    assert exchanges.nth(1).locator(".isobot-summary-source").inner_text() == line
