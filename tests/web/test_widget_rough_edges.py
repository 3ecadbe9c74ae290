"""The widget as a new patient meets it (issue 16, §5), in Chromium at 1280 px and 360 px,
against the real Rasa and action servers. The suite's servers run with generous rate limits
(tests/servers.py), so these conversations from 127.0.0.1 are never slowed down."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.web.browser import Widget, run_axe, screenshot
from web.server import WIDGET_CONTENT
from web.widget_content import load_widget_content

EMERGENCY = "I cannot feel my bottom and I wet myself"
CAUSES_QUESTION = "how does isotretinoin cause back pain?"
ERASED = "Done: this conversation has been erased."
MIN_TAP = 44


@pytest.fixture(scope="module")
def content():
    return load_widget_content(WIDGET_CONTENT)


@pytest.fixture
def phone(browser):
    made = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    made.set_default_timeout(30_000)
    yield made.new_page()
    made.close()


def box_of(locator) -> dict:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height, bottom: r.bottom}; }"
    )


def first_screen_checks(page, content) -> None:
    strings = content.strings
    log = page.get_by_role("log")
    assert strings["welcome"] in log.inner_text()
    assert strings["privacy_notice"] in log.inner_text() and "forget me" in log.inner_text()
    starters = page.locator(".isobot-starter")
    assert starters.all_inner_texts() == [s["title"] for s in content.starters]
    assert 3 <= starters.count() <= 4
    assert page.get_by_role("button", name=strings["disclaimer_ok"]).is_visible()
    # The welcome and the disclaimer are what the patient sees first, not the end of the log.
    assert box_of(page.locator(".isobot-welcome-text"))["y"] >= box_of(log)["y"]


# ---------------------------------------------------------------- "forget me"
def test_forget_me_shows_the_confirmation_and_clears_the_erased_conversation(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send("please forget me")
    page.evaluate(
        "() => localStorage.setItem('isobot-widget:' + location.origin,"
        " JSON.stringify({open: true, disclaimer_ok: true}))"
    )
    widget.wait_for_reply(lambda: page.get_by_role("button", name="Yes, erase it").click())
    # The confirmation is shown, and it is the only message left on the screen.
    shown = page.locator(".isobot-msg").all_inner_texts()
    assert len(shown) == 1 and ERASED in shown[0]
    assert "isotretinoin cause back pain" not in page.get_by_role("log").inner_text()
    assert page.locator(".isobot-starter").count() >= 3  # the first screen again
    # Nothing of the visit is left in the browser's storage (the disclaimer's OK included).
    stored = json.loads(page.evaluate("() => localStorage.getItem('isobot-widget:' + location.origin)") or "{}")
    assert "disclaimer_ok" not in stored
    screenshot(page, "widget-forget-me-confirmation")
    page.reload()
    page.locator(".isobot-welcome").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator(".isobot-msg").count() == 0  # and nothing on the server either


# ---------------------------------------------------------------- the first screen
@pytest.mark.parametrize("width", [1280, 360])
def test_the_first_screen_welcomes_with_starters_disclaimer_privacy_and_forget_me(browser, web_server, content, width):
    made = browser.new_context(
        viewport={"width": width, "height": 800 if width > 360 else 740}, is_mobile=width == 360, has_touch=width == 360
    )
    try:
        page = made.new_page()
        widget = Widget(page, web_server.url).load()
        widget.open()
        first_screen_checks(page, content)
        screenshot(page, f"widget-first-screen-{width}")
        assert run_axe(page, f"widget-first-screen-{width}") == []
        # A starter asks its question and gets its answer; the starters are then gone.
        widget.wait_for_reply(lambda: page.locator(".isobot-starter").first.click())
        assert page.locator(".isobot-user").last.inner_text().endswith(content.starters[0]["message"])
        assert widget.bot_messages().last.get_attribute("data-answer-id") == "causes_overview"
        assert page.locator(".isobot-starter").count() == 0
        # The disclaimer's OK is tapped once: after a reload it is not asked again.
        page.get_by_role("button", name=content.strings["disclaimer_ok"]).click()
        assert page.get_by_role("button", name=content.strings["disclaimer_ok"]).count() == 0
        page.reload()
        page.locator(".isobot-bot").last.wait_for()
        assert page.locator(".isobot-disclaimer").is_visible()
        assert page.get_by_role("button", name=content.strings["disclaimer_ok"]).count() == 0
    finally:
        made.close()


# ---------------------------------------------------------------- "Start over"
def test_start_over_asks_first_and_can_cancel(page, web_server, content):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    sender = widget.sender()
    page.get_by_role("button", name="Start over").click()
    dialog = page.get_by_role("alertdialog")
    assert content.strings["start_over_question"] in dialog.inner_text()
    screenshot(page, "widget-start-over-dialog")
    assert run_axe(page, "widget-start-over") == []
    dialog.get_by_role("button", name=content.strings["start_over_cancel"]).click()
    assert page.get_by_role("alertdialog").count() == 0
    assert widget.bot_messages().count() == 1 and widget.sender() == sender


def test_start_over_and_erase_it_too_erases_the_old_conversation_on_the_server(page, web_server, rasa_server, content):
    from tests import servers

    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    old = widget.sender()
    page.get_by_role("button", name="Start over").click()
    with page.expect_response(lambda r: r.url.endswith("/api/restart")):
        page.get_by_role("button", name=content.strings["start_over_erase"]).click()
    expect(page.locator(".isobot-msg")).to_have_count(0)  # once the server has erased it
    assert widget.sender() != old
    tracker = httpx.get(
        f"{rasa_server.url}/conversations/rest:{old}/tracker", params={"token": servers.API_TOKEN}
    ).json()
    assert [e for e in tracker["events"] if e["event"] in ("user", "bot")] == []


def test_start_over_without_erasing_keeps_the_old_conversation_on_the_server(page, web_server, rasa_server, content):
    from tests import servers

    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    old = widget.sender()
    page.get_by_role("button", name="Start over").click()
    with page.expect_response(lambda r: r.url.endswith("/api/restart")):
        page.get_by_role("alertdialog").get_by_role(
            "button", name=content.strings["start_over_keep"], exact=True
        ).click()
    assert page.locator(".isobot-msg").count() == 0 and widget.sender() != old
    tracker = httpx.get(
        f"{rasa_server.url}/conversations/rest:{old}/tracker", params={"token": servers.API_TOKEN}
    ).json()
    assert any(e["event"] == "user" for e in tracker["events"])


# ---------------------------------------------------------------- mobile
def test_mobile_tap_targets_are_at_least_44_px_and_no_thumb_wraps_alone(phone, web_server):
    page = phone
    widget = Widget(page, web_server.url).load()
    widget.open()
    starters = [box_of(b) for b in page.locator(".isobot-starter").all()]
    widget.send(CAUSES_QUESTION)
    widget.send(EMERGENCY)
    widget.send("what is the capital of france")
    targets = {
        "close": page.locator(".isobot-close"),
        "start over": page.locator(".isobot-restart"),
        "save or print": page.locator(".isobot-summary-button"),
        "send": page.locator(".isobot-send"),
        "call": page.locator(".isobot-call").last,
    }
    sizes = {name: box_of(locator) for name, locator in targets.items()}
    sizes.update({f"thumb {i}": box_of(b) for i, b in enumerate(page.locator(".isobot-thumb").all())})
    sizes.update({f"quick reply {i}": box_of(b) for i, b in enumerate(page.locator(".isobot-quick-reply").all())})
    sizes.update({f"starter {i}": box for i, box in enumerate(starters)})
    small = {
        name: (round(b["width"]), round(b["height"]))
        for name, b in sizes.items()
        if b["width"] < MIN_TAP or b["height"] < MIN_TAP
    }
    assert not small, small
    assert len([n for n in sizes if n.startswith("thumb")]) == 2
    yes, no = (box_of(b) for b in page.locator(".isobot-thumb").all())
    assert abs(yes["y"] - no["y"]) < 1  # "No" on the same line as "Yes"


def test_mobile_keyboard_keeps_the_latest_emergency_card_in_view(phone, web_server):
    page = phone
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send(EMERGENCY)
    page.get_by_label("Your message").focus()
    # The on-screen keyboard: the visual viewport shrinks to well under half the screen.
    page.set_viewport_size({"width": 360, "height": 330})
    page.wait_for_function("() => window.visualViewport.height <= 330")
    page.wait_for_timeout(200)
    card = page.locator(".isobot-tier-emergency").last
    log, panel = box_of(page.get_by_role("log")), box_of(page.get_by_role("dialog"))
    badge = box_of(card.locator(".isobot-badge"))
    assert panel["bottom"] <= 330 and panel["y"] >= 0
    assert log["y"] <= badge["y"] and badge["bottom"] <= log["bottom"]  # the card's start is in view
    assert box_of(page.get_by_label("Your message"))["bottom"] <= 330
    screenshot(page, "widget-mobile-keyboard")


# ---------------------------------------------------------------- small gaps
def test_every_message_has_an_accessible_timestamp(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    page.reload()
    page.locator(".isobot-bot").last.wait_for()
    widget.send("hello")
    messages = page.locator(".isobot-msg")
    assert messages.count() == 4
    for message in messages.all():
        stamp = message.locator("xpath=following-sibling::*[1]")
        assert stamp.evaluate("e => e.tagName") == "TIME"
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", stamp.get_attribute("datetime"))
        assert re.search(r"\d{1,2}:\d\d", stamp.inner_text())


def test_open_tabs_sync_and_the_closed_launcher_shows_an_emergency_badge(context, web_server):
    first, second = context.new_page(), context.new_page()
    one = Widget(first, web_server.url).load()
    one.open()
    one.send("hello")
    two = Widget(second, web_server.url)
    second.goto(web_server.url + "/")
    second.locator(".isobot-bot").last.wait_for()  # the same conversation (the same cookie)
    assert second.get_by_role("dialog").is_visible()  # open, as it was left
    second.keyboard.press("Escape")
    launcher = second.get_by_role("button", name=re.compile("Open the chat"))
    assert launcher.locator(".isobot-launcher-badge").is_hidden()
    one.send(EMERGENCY)
    badge = launcher.locator(".isobot-launcher-badge")
    badge.wait_for(state="visible")
    assert badge.locator("[aria-hidden=true]").inner_text().strip().upper() == "EMERGENCY"
    assert "Emergency. New messages: 1" in launcher.evaluate("e => e.textContent")
    launcher.click()
    assert two.bot_messages().last.get_attribute("class").count("isobot-tier-emergency") == 1
    assert badge.is_hidden()


def test_links_in_answers_are_rendered_safely(page, web_server):
    text = (
        "See [the NHS page](https://www.nhs.uk/medicines/isotretinoin-capsules/) or https://example.org/a."
        " Call [the clinic](tel:+441234567890), write to [us](mailto:team@example.org)."
        ' Not [this](javascript:alert(1)) nor [that](data:text/html,x) nor [a "q" onclick=x](http://x.test/"onclick="x)'
    )
    body = {"messages": [{"role": "bot", "text": text, "buttons": []}]}
    page.route(
        "**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    )
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hi")
    links = widget.bot_messages().last.locator("a")
    found = links.evaluate_all("ls => ls.map(a => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])")
    assert found == [
        ["the NHS page", "https://www.nhs.uk/medicines/isotretinoin-capsules/", "noopener noreferrer"],
        ["https://example.org/a", "https://example.org/a", "noopener noreferrer"],
        ["the clinic", "tel:+441234567890", "noopener noreferrer"],
        ["us", "mailto:team@example.org", "noopener noreferrer"],
    ]
    shown = widget.bot_messages().last.inner_text()
    assert "[this](javascript:alert(1))" in shown and "[that](data:text/html,x)" in shown
    assert page.locator("[onclick]").count() == 0


def test_the_favicon_is_served(web_server):
    reply = httpx.get(web_server.url + "/favicon.ico")
    assert reply.status_code == 200 and reply.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_no_button_title_depends_on_an_emoji_font(page, web_server):
    """The bot's own "👍 Yes" / "👎 No" titles (for platforms with emoji) show as SVG icons and
    text: Debian's Chromium has no emoji font and would draw empty boxes."""
    body = {
        "messages": [
            {
                "role": "bot",
                "text": "Was this helpful?",
                "buttons": [
                    {"title": "\U0001f44d Yes", "payload": "/feedback_helpful"},
                    {"title": "\U0001f44e No", "payload": "/feedback_not_helpful"},
                ],
            }
        ]
    }
    page.route(
        "**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(body))
    )
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send("hi")
    replies = page.locator(".isobot-quick-reply")
    assert replies.all_inner_texts() == ["Yes", "No"]
    assert replies.locator("svg").count() == 2
    labels = page.locator(".isobot-widget button").evaluate_all("bs => bs.map(b => b.textContent)")
    emoji = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
    assert labels and not [label for label in labels if emoji.search(label)]
