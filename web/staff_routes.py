"""The staff console's routes: login and logout, "explain a reply", the batch test and the review."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from isobot.ratelimit.config import address_key
from web import content_console, review
from web import explain as staff_explain
from web.app_state import ACCOUNTS, CATALOGUE, MAX_BATCH_BYTES, RASA, SESSIONS, SETTINGS, THROTTLE
from web.http_helpers import bad_request, browser_ip, chat_message, json_body, page, rasa_down
from web.rasa_client import RasaSlowDown, RasaUnavailable
from web.security import check_json_post
from web.staff_sessions import ROLES, Accounts, StaffSession

logger = logging.getLogger("isobot.web")


def _require_staff(request: web.Request, roles: tuple[str, ...] = ROLES) -> StaffSession:
    """The caller's session, if it has one with one of `roles`; and for a POST, the CSRF check."""
    session = request.app[SESSIONS].current(request)
    if session is None:
        raise web.HTTPUnauthorized(text='{"error": "Log in first."}', content_type="application/json")
    if session.account.role not in roles:
        raise web.HTTPForbidden(text='{"error": "Your role cannot do this."}', content_type="application/json")
    if request.method == "POST":
        check_json_post(request)
    return session


async def staff_page(request: web.Request) -> web.StreamResponse:
    if request.app[SESSIONS].current(request) is None:
        raise web.HTTPSeeOther("/staff/login")
    return page("staff.html")


async def login_page(request: web.Request) -> web.FileResponse:
    return page("login.html")


async def login(request: web.Request) -> web.Response:
    """JSON {password} (and, with per-person accounts, a name). Throttled per client address and
    per account; each failure is logged with both, never with what was typed."""
    check_json_post(request)
    body = await json_body(request)
    name, given = body.get("name"), body.get("password")
    accounts: Accounts = request.app[ACCOUNTS]
    throttle = request.app[THROTTLE]
    account_name = accounts.login_name(name if isinstance(name, str) else None)
    client = address_key(browser_ip(request))
    keys = (f"client:{client}", f"account:{account_name}")
    wait = throttle.wait_seconds(keys)
    if wait:
        logger.warning(
            "Staff login refused without checking: too many failures (account %s, client %s); %d s to wait",
            account_name,
            client,
            wait,
        )
        return web.json_response(
            {"error": "throttled", "retry_after": wait}, status=429, headers={"Retry-After": str(wait)}
        )
    account = accounts.authenticate(account_name, given) if isinstance(given, str) else None
    if account is None:
        failures = throttle.failed(keys)
        logger.warning(
            "Staff login failed (account %s, client %s, %d failures in a row)", account_name, client, failures
        )
        return web.json_response({"error": "wrong_password"}, status=401)
    throttle.succeeded(keys)
    logger.info("Staff login (account %s, role %s)", account.name, account.role)
    response = web.json_response({"ok": True, "next": "/staff"})
    request.app[SESSIONS].start(response, request, account)
    return response


async def logout(request: web.Request) -> web.Response:
    check_json_post(request)
    response = web.json_response({"ok": True, "next": "/staff/login"})
    request.app[SESSIONS].end(response, request)
    return response


async def explain_api(request: web.Request) -> web.Response:
    _require_staff(request)
    message = chat_message(await json_body(request))
    try:
        result = await staff_explain.explain(request.app[RASA], request.app[CATALOGUE], message, browser_ip(request))
    except RasaSlowDown as limited:
        return web.json_response(
            {"error": " ".join(limited.texts)}, status=429, headers={"Retry-After": limited.retry_after}
        )
    except RasaUnavailable as error:
        raise rasa_down(error) from None
    return web.json_response(result, headers={"Cache-Control": "no-store"})


async def batch_api(request: web.Request) -> web.Response:
    """JSON {csv: "<the file's text>"}. The whole body is read (aiohttp answers 413 over
    MAX_BODY_BYTES), then the CSV's own size is checked, so nothing is ever silently cut."""
    _require_staff(request)
    text = (await json_body(request)).get("csv")
    if not isinstance(text, str):
        raise bad_request("'csv' must be the CSV file's text.")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BATCH_BYTES:
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_BATCH_BYTES,
            actual_size=len(text),
            text=f'{{"error": "The CSV is limited to {MAX_BATCH_BYTES // 1024} KB."}}',
            content_type="application/json",
        )
    try:
        rows = staff_explain.read_batch(text)
    except staff_explain.BatchError as error:
        return web.json_response({"error": str(error)}, status=400)
    try:
        result = await staff_explain.run_batch(request.app[RASA], request.app[CATALOGUE], rows)
    except RasaUnavailable as error:
        raise rasa_down(error) from None
    return web.json_response(result, headers={"Cache-Control": "no-store"})


async def review_api(request: web.Request) -> web.Response:
    _require_staff(request)
    url = request.app[SETTINGS]["db_url"]
    summary = await asyncio.to_thread(
        lambda: {"escalations": review.recent_escalations(url), "feedback": review.feedback_summary(url)}
    )
    return web.json_response(summary, headers={"Cache-Control": "no-store"})


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/staff", staff_page),
        web.get("/staff/login", login_page),
        web.post("/staff/login", login),
        web.post("/staff/logout", logout),
        web.post("/staff/api/explain", explain_api),
        web.post("/staff/api/batch", batch_api),
        web.get("/staff/api/review", review_api),
        *content_console.routes(_require_staff),
    ]
