"""The widget follows the conversation's language (web/static/widget/lang.js, content/widget.yml
`translations`), in Chromium, against the real Rasa server with the action server up and stopped.

A Spanish red flag gets the Spanish escalation first, its message marked lang="es" for screen
readers, and the widget's own words turn Spanish; a page in Spanish starts the widget in
Spanish; an English conversation stays English. Few messages each: the suite's servers run
with generous rate limits (tests/servers.py), so nothing here is slowed down.
"""

from __future__ import annotations

import httpx
import pytest

from isobot import settings
from tests.web.browser import Widget, run_axe, screenshot
from tests.web.conftest import start_web
from web.server import WIDGET_CONTENT
from web.widget_content import load_widget_content

SPANISH_EMERGENCY = "no siento las nalgas y me orino encima"
ENGLISH_EMERGENCY = "I cannot feel my bottom and I wet myself"


@pytest.fixture(scope="module")
def content():
    return load_widget_content(WIDGET_CONTENT)


@pytest.fixture(scope="module")
def spanish(content):
    return content.translations["es"].strings


@pytest.fixture(scope="module")
def web_without_actions(service_dir, service_env, rasa_without_actions, db_url):
    """The web server in front of a Rasa server whose action server is not running at all."""
    service = start_web(service_dir, {**service_env, "DB_URL": db_url}, rasa_without_actions.url)
    yield service
    service.stop()


def emergency_number(catalogue) -> str:
    return catalogue.region_numbers(settings.region())["emergency_number"]


def flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def escalation_text(catalogue, escalation_id: str, language: str | None) -> str:
    escalation = catalogue.escalations[escalation_id]
    text = escalation.translations[language].text if language else escalation.text
    return flat(text.format(**catalogue.region_numbers(settings.region(), language)))


def send(page, text: str) -> None:
    """Type and send as a patient does, whatever language the box is labelled in."""
    box = page.locator(".isobot-input")
    box.fill(text)
    with page.expect_response(lambda r: r.url.endswith("/api/chat")):
        box.press("Enter")
    page.locator(".isobot-send:not([disabled])").wait_for()


def host_page(page, base_url: str, html_lang: str | None, script_attrs: str = "") -> None:
    """A clinic's page on the assistant's origin that embeds the widget with one script tag."""
    lang = f' lang="{html_lang}"' if html_lang else ""
    html = (
        f"<!doctype html><html{lang}><head><meta charset='utf-8'><title>Clínica</title></head>"
        f"<body><main><h1>Clínica</h1></main>"
        f"<script src='/widget/widget.js' {script_attrs} defer></script></body></html>"
    )
    page.route(base_url + "/clinica", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(base_url + "/clinica")
    page.locator(".isobot-launcher").wait_for()


@pytest.mark.parametrize("actions", ["action server up", "action server down"])
def test_a_spanish_red_flag_in_the_widget_escalates_in_spanish_and_the_widget_turns_spanish(
    request, page, catalogue, spanish, actions
):
    server = request.getfixturevalue("web_server" if actions == "action server up" else "web_without_actions")
    widget = Widget(page, server.url).load()
    widget.open()
    assert page.locator(".isobot-send").inner_text() == "Send"  # the demo page is in English
    send(page, SPANISH_EMERGENCY)

    number = emergency_number(catalogue)
    first = widget.bot_messages().first
    assert first.get_attribute("role") == "alert"
    assert first.get_attribute("lang") == "es"
    assert escalation_text(catalogue, "cauda_equina", "es") in flat(first.inner_text())
    assert first.locator("strong").first.inner_text().startswith(f"Llame al {number}")
    assert first.locator(f"a[href='tel:{number}']").count() >= 1
    assert first.locator(".isobot-call").inner_text() == spanish["call_emergency"].replace("{emergency_number}", number)
    assert first.locator(".isobot-badge").text_content() == spanish["emergency_badge"]
    assert page.locator(".isobot-user").last.get_attribute("lang") == "es"
    # "Where is this from?" says, in Spanish, that the translation awaits its own sign-off.
    first.locator(".isobot-provenance-summary").click()
    facts = flat(first.locator(".isobot-provenance-facts").inner_text())
    assert spanish["provenance_translation"] in facts and spanish["provenance_translation_pending"] in facts

    # The widget's own words follow the conversation, and the widget says it speaks Spanish.
    assert page.locator(".isobot-widget").get_attribute("lang") == "es"
    assert page.locator(".isobot-send").inner_text() == spanish["send"]
    assert page.locator(".isobot-input").get_attribute("placeholder") == spanish["placeholder"]
    assert page.get_by_label(spanish["input_label"]).is_visible()
    assert page.locator(".isobot-restart").inner_text() == spanish["start_over"]
    assert page.locator(".isobot-title").inner_text() == spanish["title"]
    assert spanish["welcome"] in page.get_by_role("log").inner_text()
    screenshot(page, f"widget-spanish-escalation-{actions.replace(' ', '-')}")
    # valid-lang and the rest: the marked-up Spanish widget is as accessible as the English one.
    assert run_axe(page, f"widget-spanish-{actions.replace(' ', '-')}") == []

    # A reload keeps the conversation and its language.
    page.reload()
    page.locator(".isobot-bot").first.wait_for()
    assert page.locator(".isobot-widget").get_attribute("lang") == "es"
    assert page.locator(".isobot-send").inner_text() == spanish["send"]
    assert page.locator(".isobot-bot").first.get_attribute("lang") == "es"
    assert page.locator(".isobot-user").first.get_attribute("lang") == "es"


def test_a_page_in_spanish_starts_the_widget_in_spanish_before_any_message(
    page, web_server, catalogue, spanish, content
):
    host_page(page, web_server.url, "es")
    launcher = page.locator(".isobot-launcher")
    assert spanish["launcher_text"] in launcher.inner_text()
    page.get_by_role("button", name=spanish["open_label"]).click()
    assert page.locator(".isobot-widget").get_attribute("lang") == "es"
    assert page.locator(".isobot-send").inner_text() == spanish["send"]
    assert page.locator(".isobot-input").get_attribute("placeholder") == spanish["placeholder"]
    disclaimer = page.locator(".isobot-disclaimer")
    assert "No es un diagnóstico" in disclaimer.inner_text()
    assert disclaimer.locator(f"a[href='tel:{emergency_number(catalogue)}']").count() == 1
    titles = [s["title"] for s in content.translations["es"].starters]
    assert page.locator(".isobot-starter").all_inner_texts() == titles
    assert page.locator(".isobot-msg").count() == 0  # nothing was sent
    assert run_axe(page, "widget-spanish-page") == []


def test_the_embeds_own_language_wins_over_the_pages(page, web_server, spanish):
    host_page(page, web_server.url, "en", 'data-lang="es"')
    assert spanish["launcher_text"] in page.locator(".isobot-launcher").inner_text()


def test_a_page_without_a_language_follows_the_browsers(browser, web_server, spanish):
    context = browser.new_context(locale="es-MX")
    try:
        page = context.new_page()
        host_page(page, web_server.url, None)
        assert page.locator(".isobot-widget").get_attribute("lang") == "es"
        assert spanish["launcher_text"] in page.locator(".isobot-launcher").inner_text()
    finally:
        context.close()


def test_an_english_conversation_stays_english(page, web_server, catalogue, content):
    widget = Widget(page, web_server.url).load()
    widget.open()
    send(page, ENGLISH_EMERGENCY)
    first = widget.bot_messages().first
    assert first.get_attribute("lang") == "en"
    assert escalation_text(catalogue, "cauda_equina", None) in flat(first.inner_text())
    assert page.locator(".isobot-user").last.get_attribute("lang") == "en"
    assert page.locator(".isobot-widget").get_attribute("lang") == "en"
    assert page.locator(".isobot-send").inner_text() == content.strings["send"]
    assert page.get_by_label(content.strings["input_label"]).is_visible()


def test_the_widget_goes_back_to_english_when_the_conversation_does(page, web_server, catalogue, content):
    widget = Widget(page, web_server.url).load()
    widget.open()
    send(page, SPANISH_EMERGENCY)
    assert page.locator(".isobot-widget").get_attribute("lang") == "es"
    send(page, ENGLISH_EMERGENCY)
    latest = widget.bot_messages().last
    assert escalation_text(catalogue, "cauda_equina", None) in flat(latest.inner_text())
    assert latest.get_attribute("lang") == "en"
    assert widget.bot_messages().first.get_attribute("lang") == "es"  # what was said keeps its language
    assert page.locator(".isobot-send").inner_text() == content.strings["send"]


def test_spanish_summary_commands_open_the_summary_in_spanish(page, web_server, spanish):
    widget = Widget(page, web_server.url).load()
    widget.open()
    send(page, SPANISH_EMERGENCY)
    page.locator(".isobot-input").fill("Imprimir")
    page.locator(".isobot-input").press("Enter")
    summary = page.get_by_role("dialog", name=spanish["summary_title"])
    summary.wait_for()
    assert page.locator(".isobot-summary-root").get_attribute("lang") == "es"
    assert spanish["summary_advice_heading"] in summary.inner_text()


def test_the_widget_config_serves_every_language(web_server, content):
    config = httpx.get(web_server.url + "/widget/config").json()
    assert set(config["languages"]) == {"en", "es"}
    es = config["languages"]["es"]
    assert set(es["strings"]) == set(config["strings"])
    assert es["translation"] == "sign-off pending"
    assert (
        config["emergency_number"] in es["strings"]["disclaimer"]
        and "{emergency_number}" not in es["strings"]["disclaimer"]
    )
    assert "imprimir" in es["summary_commands"]
    assert config["languages"]["en"]["strings"] == config["strings"]
