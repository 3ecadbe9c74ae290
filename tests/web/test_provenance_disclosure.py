"""The "Where is this from?" disclosure (web/static/widget/provenance.js) in Chromium, against the
real Rasa and action servers, through the web server's relay."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.web.browser import Widget, run_axe, screenshot

CAUSES_QUESTION = "how does isotretinoin cause back pain?"
EMERGENCY = "I cannot feel my bottom and I wet myself"
SUMMARY = "Where is this from?"
HANDOFF = Path("/work/handoff/screenshots")


def expanded_state(page, name: str) -> list[bool]:
    """What a screen reader is told: the `expanded` state of each accessibility node named `name`
    (Chromium's own accessibility tree, through the DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    states = []
    for node in nodes:
        if (node.get("name") or {}).get("value") == name and not node.get("ignored"):
            props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            if "expanded" in props:
                states.append(bool(props["expanded"]))
    return states


def keep(page, disclosure, name: str) -> None:
    """Screenshot of the open disclosure, from just above its summary, into reports/screenshots
    and, for the lead's review, the hand-off folder."""
    # Only the conversation scrolls (scrollIntoView would scroll the fixed panel itself too).
    disclosure.evaluate(
        "d => { const log = d.closest('.isobot-log');"
        " log.scrollTop += d.getBoundingClientRect().top - log.getBoundingClientRect().top - 48; }"
    )
    path = screenshot(page, name)
    if HANDOFF.parent.exists():
        HANDOFF.mkdir(exist_ok=True)
        shutil.copy(path, HANDOFF / path.name)


def test_an_answer_has_a_closed_disclosure_that_opens_with_the_keyboard(page, web_server, catalogue):
    widget = Widget(page, web_server.url).load()
    widget.open()
    with page.expect_response(lambda r: r.url.endswith("/api/chat")) as reply:
        widget.send(CAUSES_QUESTION)
    # The relay keeps the provenance in the same message object as the answer's text.
    [relayed] = [m for m in reply.value.json()["messages"] if m.get("answer_id") == "causes_overview"]
    assert relayed["custom"]["provenance"]["id"] == "causes_overview"

    answer = widget.bot_messages().last
    disclosure = answer.locator("details.isobot-provenance")
    summary = disclosure.locator("summary")
    quote = catalogue.answers["causes_overview"].quotes[0]
    assert summary.inner_text() == SUMMARY
    assert disclosure.get_attribute("open") is None and not answer.get_by_text(quote).is_visible()
    assert expanded_state(page, SUMMARY) == [False]

    summary.focus()
    page.keyboard.press("Enter")
    assert disclosure.get_attribute("open") is not None
    assert expanded_state(page, SUMMARY) == [True]
    body = disclosure.locator(".isobot-provenance-body")
    assert body.get_by_text(quote).is_visible()
    text = body.inner_text()
    assert "What the article says" in text
    assert "This popular Acne treatment may cause serious Lower Back Pain" in text
    assert "How Isotretinoin May Cause Lower Back Pain" in text  # the section
    assert "Dr Nishtha Mittal" in text and "25 November 2026" in text
    assert "Next review due" in text and "25 November 2027" in text  # the 12-month review cycle
    keep(page, disclosure, "provenance-answer-1280")

    page.keyboard.press("Space")  # the same key closes it again
    assert disclosure.get_attribute("open") is None


def test_an_escalation_shows_its_clinical_sources_and_sign_off_on_a_click(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(EMERGENCY)
    alert = page.get_by_role("alert")
    disclosure = alert.locator("details.isobot-provenance")
    assert disclosure.get_attribute("open") is None
    disclosure.locator("summary").click()
    assert disclosure.get_attribute("open") is not None
    links = disclosure.locator("a.isobot-provenance-link")
    titles = [t.replace("(opens in a new tab)", "").strip() for t in links.all_inner_texts()]
    assert titles[:2] == ["NHS: Cauda equina syndrome", "NICE NG59: Low back pain and sciatica in over 16s"]
    assert links.first.get_attribute("href") == "https://www.nhs.uk/conditions/cauda-equina-syndrome/"
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    text = disclosure.inner_text()
    assert "Clinical sources" in text and "Table 1: red flags (cauda equina syndrome)" in text
    assert "Clinical sign-off" in text and "Pending: a clinician has not yet signed off this text" in text
    assert "25 November 2026" in text
    keep(page, disclosure, "provenance-escalation-1280")


def test_the_disclosure_comes_back_with_the_conversation_after_a_reload(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    page.reload()
    page.locator(".isobot-bot details.isobot-provenance").first.wait_for()
    assert page.locator(".isobot-bot details.isobot-provenance summary").last.inner_text() == SUMMARY


def test_axe_finds_no_violations_with_the_disclosures_open(page, web_server):
    widget = Widget(page, web_server.url).load()
    widget.open()
    widget.send(CAUSES_QUESTION)
    widget.send(EMERGENCY)
    for summary in page.locator("details.isobot-provenance summary").all():
        summary.click()
    assert page.locator("details.isobot-provenance[open]").count() == 2
    assert run_axe(page, "widget-provenance") == []
    every = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.length")
    assert every == 0


@pytest.mark.parametrize("kind, message", [("answer", CAUSES_QUESTION), ("escalation", EMERGENCY)])
def test_the_open_disclosure_fits_a_360_px_screen(browser, web_server, kind, message):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        page = context.new_page()
        widget = Widget(page, web_server.url).load()
        widget.open()
        widget.send(message)
        disclosure = widget.bot_messages().last.locator("details.isobot-provenance")
        summary = disclosure.locator("summary")
        assert summary.bounding_box()["height"] >= 44  # a tap target a thumb can hit
        summary.tap()
        assert disclosure.get_attribute("open") is not None
        box = disclosure.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        keep(page, disclosure, f"provenance-{kind}-360")
        assert run_axe(page, f"widget-provenance-{kind}-360") == []
    finally:
        context.close()
