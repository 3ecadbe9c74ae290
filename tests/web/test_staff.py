"""The staff console in Chromium: login, explain a reply, batch test, review."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests import servers
from tests.conftest import Chat
from tests.web.browser import STAFF_PASSWORD, run_axe, screenshot

# 20 messages: 17 expectations the assistant meets, then 3 deliberately wrong ones.
BATCH_ROWS = [
    ("how common is back pain on isotretinoin?", "prevalence_overview", ""),
    ("why does accutane cause back pain", "causes_overview", ""),
    ("who wrote this article", "about_authors", ""),
    ("should I stop taking isotretinoin because of back pain", "continue_treatment", ""),
    ("can I take ibuprofen for the pain", "manage_pain_relief", ""),
    ("who is at higher risk of back pain", "risk_factors", ""),
    ("when should I see a doctor", "when_to_see_doctor", ""),
    ("what is isotretinoin", "drug_overview", ""),
    ("hello", "greet", "none"),
    ("I cannot feel my bottom and I wet myself", "", "emergency"),
    ("both my legs are weak and numb", "", "emergency"),
    ("I have back pain and a high fever with chills", "", "emergency"),
    ("I'm thinking of hurting myself", "", "emergency"),
    # Someone the writer is with, having a red flag now, gets the same escalation as the writer's own.
    ("my friend has numbness in the groin, what should they do", "", "emergency"),
    ("what are the serious side effects", "serious_effects", "none"),
    ("can I exercise while on isotretinoin", "ask_exercise", ""),
    ("what can I do to ease the back pain", "management_overview", ""),
    ("who wrote this article", "prevalence_overview", ""),  # wrong topic
    ("hello", "", "emergency"),  # wrong tier
    ("how common is back pain on isotretinoin?", "", "urgent"),  # wrong tier
]
EXPECTED_MISSES = 3


def batch_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["message", "expected_topic", "expected_tier"])
    writer.writerows(BATCH_ROWS)
    return out.getvalue().encode()


def log_in(page, base_url: str, password: str = STAFF_PASSWORD) -> None:
    page.goto(base_url + "/staff")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # The console, or a notice on the login page.
    page.wait_for_function(
        "() => location.pathname === '/staff' || [...document.querySelectorAll('[role=alert]')].some(e => !e.hidden)"
    )
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(
    "method, path", [("GET", "/staff/api/review"), ("POST", "/staff/api/explain"), ("POST", "/staff/api/batch")]
)
def test_staff_api_refuses_anonymous_and_forged_sessions(web_server, method, path):
    for headers in ({}, {"Cookie": "isobot_staff=staff.9999999999.0000"}):
        reply = httpx.request(method, web_server.url + path, json={"message": "hi"}, headers=headers)
        assert reply.status_code == 401


def test_console_needs_the_password_and_sets_a_strict_cookie(page, web_server):
    assert httpx.get(web_server.url + "/staff").headers["location"] == "/staff/login"
    page.goto(web_server.url + "/staff")
    assert page.url.endswith("/staff/login")
    log_in(page, web_server.url, password=servers.wrong_secret())
    assert page.get_by_role("alert").inner_text().startswith("That password is not right")
    assert not page.context.cookies()

    log_in(page, web_server.url)
    assert page.url.endswith("/staff")
    assert page.get_by_role("heading", name="Explain a reply").is_visible()
    [cookie] = page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/staff"
    assert page.evaluate("() => document.cookie") == ""

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/staff/login")
    page.goto(web_server.url + "/staff")
    assert page.url.endswith("/staff/login")


def test_explain_shows_intent_answer_source_and_the_exact_reply(page, web_server, catalogue):
    log_in(page, web_server.url)
    page.get_by_label("Patient message").fill("how common is back pain on isotretinoin?")
    page.get_by_role("button", name="Explain").click()
    page.get_by_text("Explained.").wait_for()
    answer = catalogue.answers["prevalence_overview"]
    assert page.locator("#explain-intent").inner_text() == "ask_prevalence"
    assert page.locator("#explain-ranking tr").count() >= 3
    facts = page.locator("#explain-answer").inner_text()
    assert "prevalence_overview" in facts and answer.section in facts and answer.review.reviewer in facts
    assert page.locator(".source-quote").all_inner_texts() == [q.strip() for q in answer.quotes]
    reply = page.locator("#explain-reply").inner_text()
    assert "utter_answer_prevalence_overview" in reply and answer.text.splitlines()[0] in reply


def test_explain_shows_the_safety_verdict_for_a_red_flag(page, web_server):
    log_in(page, web_server.url)
    page.get_by_label("Patient message").fill("I cannot feel my bottom and I wet myself")
    page.get_by_role("button", name="Explain").click()
    page.get_by_text("Explained.").wait_for()
    safety = page.locator("#explain-safety").inner_text()
    assert "emergency" in safety and "saddle_numbness" in safety and "cauda_equina" in safety
    assert "utter_escalate_emergency" in page.locator("#explain-reply").inner_text()


def test_a_batch_of_twenty_gives_the_expected_pass_count(page, web_server):
    log_in(page, web_server.url)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "batch.csv", "mimeType": "text/csv", "buffer": batch_csv()}]
    )
    page.get_by_role("button", name="Run batch").click()
    page.get_by_text("Done: 20 messages.").wait_for(timeout=60_000)
    passed = len(BATCH_ROWS) - EXPECTED_MISSES
    assert page.locator("#batch-summary").inner_text() == f"{passed} of 20 passed ({100 * passed / 20:.1f}%)."
    results = page.locator("#batch-rows td.result").all_inner_texts()
    assert results == ["miss"] * EXPECTED_MISSES + ["pass"] * passed  # misses first

    with page.expect_download() as download:
        page.get_by_role("link", name="Download results (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert len(rows) == 20 and [r["result"] for r in rows[:4]] == ["miss", "miss", "miss", "pass"]
    screenshot(page, "staff-batch")


def test_a_bad_csv_is_explained_to_staff(page, web_server):
    log_in(page, web_server.url)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"text,tier\nhello,none\n"}]
    )
    page.get_by_role("button", name="Run batch").click()
    page.get_by_text("needs a 'message' column").wait_for()


def test_review_shows_escalations_and_feedback(page, web_server, rasa_server):
    patient = Chat(rasa_server.url)
    patient.send("both my legs are weak and numb")
    patient.send("how common is back pain on isotretinoin?")
    patient.send("/feedback_not_helpful")
    log_in(page, web_server.url)
    page.get_by_text("Updated.").wait_for()
    escalations = page.locator("#review-escalations").inner_text()
    assert "both my legs are weak and numb" in escalations and "emergency" in escalations
    feedback = page.locator("#review-feedback tr", has_text="prevalence_overview")
    assert int(feedback.locator("td").nth(2).inner_text()) >= 1


def test_console_passes_axe_and_is_screenshotted(page, web_server):
    log_in(page, web_server.url)
    page.get_by_label("Patient message").fill("how common is back pain on isotretinoin?")
    page.get_by_role("button", name="Explain").click()
    page.get_by_text("Explained.").wait_for()
    page.get_by_text("Updated.").wait_for()
    screenshot(page, "staff-console", full_page=True)
    assert run_axe(page, "console") == []
    page.goto(web_server.url + "/staff/login")
    assert run_axe(page, "login") == []


def padded_csv(rows: int, note_chars: int, last: tuple[str, str] | None = None) -> bytes:
    """A batch whose rows carry a long extra column (ignored by the batch), to make it large."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["message", "expected_tier", "note"])
    for n in range(rows):
        writer.writerow([f"hello {n}", "none", "x" * note_chars])
    if last:
        writer.writerow([*last, ""])
    return out.getvalue().encode()


def run_batch_in_console(page, web_server, body: bytes) -> None:
    log_in(page, web_server.url)
    page.get_by_label("CSV file").set_input_files(files=[{"name": "large.csv", "mimeType": "text/csv", "buffer": body}])
    page.get_by_role("button", name="Run batch").click()


def test_a_large_batch_is_read_whole(page, web_server):
    # ~400 KB, under the 512 KB limit: the old check read one chunk of the request stream and
    # silently dropped the rest (here: the last row, whose wrong tier must be reported).
    run_batch_in_console(page, web_server, padded_csv(100, 4000, last=("hello", "bogus")))
    page.get_by_text("Could not run the batch: Line 102: expected_tier must be one of").wait_for(timeout=60_000)


def test_every_row_of_a_large_batch_is_run(page, web_server):
    run_batch_in_console(page, web_server, padded_csv(100, 4000))
    page.get_by_text("Done: 100 messages.").wait_for(timeout=120_000)


def test_a_cell_over_the_csv_limit_is_explained_to_staff(page, web_server):
    run_batch_in_console(page, web_server, padded_csv(1, 140_000))
    page.get_by_text("Could not run the batch: Line 2: a cell is longer than 131,072 characters.").wait_for()


def test_a_batch_over_the_size_limit_is_refused_with_a_clear_message(web_server):
    with httpx.Client(base_url=web_server.url, headers={"Origin": web_server.url}, timeout=60) as member:
        assert member.post("/staff/login", json={"password": STAFF_PASSWORD}).status_code == 200
        too_big = member.post("/staff/api/batch", json={"csv": padded_csv(200, 3000).decode()})  # ~600 KB
        assert too_big.status_code == 413 and too_big.json() == {"error": "The CSV is limited to 512 KB."}
        huge = member.post("/staff/api/batch", json={"csv": "x" * (3 * 1024 * 1024)})
        assert huge.status_code == 413 and "limited to" in huge.json()["error"]
