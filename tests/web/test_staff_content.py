"""The staff console's Content tab (web/content_console.py): the content report's table, read-only,
behind the staff login. The web server alone: Rasa need not be up for it."""

from __future__ import annotations

import httpx
import pytest

from tests import servers
from tests.web.browser import STAFF_PASSWORD, run_axe, screenshot
from tests.web.conftest import start_web
from tests.web.test_staff import log_in

# It starts the web server itself (start_web), which no fixture name reveals to tests/markers.py.
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def content_web(tmp_path_factory):
    service = start_web(
        tmp_path_factory.mktemp("content-web"), servers.base_env(), f"http://127.0.0.1:{servers.free_port()}"
    )
    yield service
    service.stop()


def test_the_content_table_needs_a_staff_login(content_web):
    for headers in ({}, {"Cookie": "isobot_staff=staff.9999999999.0000"}):
        assert httpx.get(content_web.url + "/staff/api/content", headers=headers).status_code == 401
    assert httpx.post(content_web.url + "/staff/api/content", json={}).status_code == 405


def test_the_content_api_gives_every_entry_with_its_lifecycle(content_web, catalogue):
    # The table reads content/ and git history on each call: allow for a busy machine.
    with httpx.Client(base_url=content_web.url, headers={"Origin": content_web.url}, timeout=60) as member:
        assert member.post("/staff/login", json={"password": STAFF_PASSWORD}).status_code == 200
        data = member.get("/staff/api/content").json()
    rows = {row["id"]: row for row in data["rows"]}
    assert set(rows) == set(catalogue.answers) | set(catalogue.escalations)
    assert rows["cauda_equina"]["sign-off"] == "pending" and rows["cauda_equina"]["status"] == "approved"
    assert "flag saddle_numbness (en)" in rows["cauda_equina"]["reached by"]
    assert rows["prevalence_overview"]["reached by"] == "intent ask_prevalence"
    assert data["overdue"] == 0 and all(row["review in (days)"] > 0 for row in data["rows"])


def test_the_console_shows_the_content_table(page, content_web):
    log_in(page, content_web.url)
    page.get_by_text("Content: 57 entries.").wait_for()
    table = page.get_by_role("region", name="Content entries")
    headers = table.locator("th").all_inner_texts()
    assert headers[:4] == ["id", "kind", "status", "sign-off"] and "reached by" in headers
    row = table.locator("tr", has_text="manage_physiotherapy")
    cells = row.locator("td").all_inner_texts()
    assert cells[:3] == ["manage_physiotherapy", "answer", "approved"] and float(cells[5]) >= 60
    assert not page.locator("#content-overdue").is_visible()
    page.get_by_role("heading", name="Content").scroll_into_view_if_needed()
    screenshot(page, "staff-content", full_page=True)
    assert run_axe(page, "staff-content") == []
