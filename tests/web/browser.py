"""Helpers for the browser tests: Chromium settings, axe-core, screenshots, the widget driver."""

from __future__ import annotations

import json
from pathlib import Path

from tests import servers
from web import conversation_cookie

ROOT = servers.ROOT
STAFF_PASSWORD = servers.run_secret("STAFF_PASSWORD")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "reports"
SCREENSHOTS = REPORTS / "screenshots"


def run_axe(page, name: str) -> list[dict]:
    """axe-core from npm, evaluated in the page (not a script tag, which the page's CSP would
    block); returns the serious and critical violations and saves the full result in reports/."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"axe-{name}.json").write_text(json.dumps(result["violations"], indent=2), encoding="utf-8")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


class Widget:
    """Drives the chat widget the way a patient does: through the page, by role and text."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.log = page.get_by_role("log")

    def load(self) -> Widget:
        self.page.goto(self.base_url + "/")
        self.page.get_by_role("button", name="Open the chat").wait_for()
        return self

    def open(self) -> None:
        self.page.get_by_role("button", name="Open the chat").click()
        self.page.get_by_role("dialog").wait_for()

    def wait_for_reply(self, action) -> None:
        with self.page.expect_response(lambda r: r.url.endswith("/api/chat")):
            action()
        self.page.locator(".isobot-send:not([disabled])").wait_for()

    def send(self, text: str) -> None:
        box = self.page.get_by_label("Your message")
        box.fill(text)
        self.wait_for_reply(lambda: box.press("Enter"))

    def bot_messages(self):
        return self.page.locator(".isobot-bot")

    def sender(self) -> str | None:
        """The sender id Rasa knows this browser's conversation by, from the HttpOnly cookie
        (which the page itself cannot read: the test reads it from the browser)."""
        return sender_of(self.page.context.cookies())


def sender_of(cookies) -> str | None:
    """The Rasa sender of the widget cookie among `cookies` (Playwright's list, or a name->value dict)."""
    values = cookies if isinstance(cookies, dict) else {c["name"]: c["value"] for c in cookies}
    value = values.get(conversation_cookie.COOKIE)
    return conversation_cookie.rasa_sender(value.split(".")[0]) if value else None
