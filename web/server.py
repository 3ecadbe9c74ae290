"""The web server: demo page with the chat widget, the widget's API (a same-origin proxy to
Rasa's REST channel) and the staff console.

Usage: python web/server.py --port 8080 --bind 127.0.0.1
Environment: RASA_URL (default http://127.0.0.1:$RASA_PORT), RASA_API_TOKEN, STAFF_PASSWORD
(at least 16 characters), DB_URL (staff review tables), ASSISTANT_REGION, WIDGET_ORIGINS (other
sites allowed to embed the widget, comma-separated; same origin always works),
WIDGET_COOKIE_SECRET (optional: signs the widget's conversation cookie).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout, web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python web/server.py` puts web/ first on the path, not the root
    sys.path.insert(0, str(ROOT))

from isobot import settings  # noqa: E402
from isobot.content.catalogue import load_catalogue  # noqa: E402
from isobot.ratelimit.config import address_key, client_ip  # noqa: E402
from web import conversation_cookie  # noqa: E402
from web import explain as staff_explain  # noqa: E402
from web import review  # noqa: E402
from web.conversation_cookie import ConversationCookies, rasa_sender  # noqa: E402
from web.login_throttle import LoginThrottle  # noqa: E402
from web.rasa_client import RasaClient, RasaSlowDown, RasaUnavailable, conversation  # noqa: E402
from web.security import check_json_post, security_headers  # noqa: E402
from web.staff_sessions import ROLES, Accounts, SharedPassword, StaffSession, StaffSessions, WeakPassword  # noqa: E402
from web.widget_content import load_widget_content  # noqa: E402

STATIC = Path(__file__).resolve().parent / "static"
PAGES = Path(__file__).resolve().parent / "pages"
WIDGET_CONTENT = settings.WIDGET
MAX_MESSAGE_CHARS = 2000
MAX_BATCH_BYTES = 512 * 1024
# The batch CSV travels as a JSON string: escaping may grow it; the CSV itself is checked too.
MAX_BODY_BYTES = 2 * MAX_BATCH_BYTES
logger = logging.getLogger("isobot.web")

CATALOGUE = web.AppKey("catalogue", object)
WIDGET = web.AppKey("widget", object)
RASA = web.AppKey("rasa", RasaClient)
SESSIONS = web.AppKey("sessions", StaffSessions)
ACCOUNTS = web.AppKey("accounts", object)
THROTTLE = web.AppKey("throttle", LoginThrottle)
CONVERSATIONS = web.AppKey("conversations", ConversationCookies)
SETTINGS = web.AppKey("settings", dict)


# ---------------------------------------------------------------- helpers
def _page(name: str) -> web.FileResponse:
    return web.FileResponse(PAGES / name, headers={"Cache-Control": "no-store"})


def _bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{message}"}}', content_type="application/json")


async def _json_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise _bad_request("The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise _bad_request("The request body must be a JSON object.")
    return body


def _message(body: dict) -> str:
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        raise _bad_request("'message' must be a non-empty string.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise _bad_request(f"'message' is limited to {MAX_MESSAGE_CHARS} characters.")
    return message


def _browser_ip(request: web.Request) -> str | None:
    """The patient's address, for Rasa's per-address limit (sent on in X-Forwarded-For). Behind
    a proxy on this host, the address that proxy saw; a header from anyone else is ignored."""
    return client_ip(request.remote, request.headers.get("X-Forwarded-For"))


def _rasa_down(error: RasaUnavailable) -> web.HTTPBadGateway:
    logger.warning("Rasa unavailable: %s", error)
    return web.HTTPBadGateway(text='{"error": "The assistant is unavailable."}', content_type="application/json")


# ---------------------------------------------------------------- cross-origin embedding
@web.middleware
async def widget_cors(request: web.Request, handler):
    """Only the widget's public endpoints, and only for origins listed in WIDGET_ORIGINS."""
    origin = request.headers.get("Origin")
    allowed = origin and origin in request.app[SETTINGS]["widget_origins"] and (
        request.path.startswith("/api/") or request.path == "/widget/config")
    if request.method == "OPTIONS" and allowed:
        response = web.Response(status=204)
    else:
        response = await handler(request)
    if allowed:
        # Credentials: the conversation cookie (SameSite=Strict: sent only from the same site).
        response.headers.update({"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                                 "Access-Control-Allow-Methods": "GET, POST",
                                 "Access-Control-Allow-Headers": "Content-Type",
                                 "Access-Control-Allow-Credentials": "true"})
    return response


@web.middleware
async def body_too_large(request: web.Request, handler):
    """aiohttp's own 413 is plain text; callers (the console, the widget) read JSON errors."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge as error:
        if error.content_type == "application/json":  # ours already, with its own message
            raise
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_BODY_BYTES, actual_size=request.content_length or 0,
            text=f'{{"error": "The request is limited to {MAX_BODY_BYTES // 1024} KB."}}',
            content_type="application/json") from None


# ---------------------------------------------------------------- patient widget
async def demo_page(request: web.Request) -> web.FileResponse:
    return _page("demo.html")


async def widget_config(request: web.Request) -> web.Response:
    region = request.query.get("region") or request.app[SETTINGS]["region"]
    return web.json_response(request.app[WIDGET].for_region(request.app[CATALOGUE], region))


def _check_widget_post(request: web.Request) -> None:
    # Callers without a browser (no Origin) may chat: they can only reach their own cookie's
    # conversation, so there is nothing to forge for them.
    check_json_post(request, request.app[SETTINGS]["widget_origins"], origin_required=False)


async def chat(request: web.Request) -> web.Response:
    """One patient message, in the conversation of this browser's cookie (a new one without).
    A `sender` in the body is ignored: the cookie is the only way to name a conversation."""
    _check_widget_post(request)
    message = _message(await _json_body(request))
    cookies = request.app[CONVERSATIONS]
    known = cookies.read(request)
    conversation_id = known or cookies.new_id()
    status, headers = 200, {"Cache-Control": "no-store"}
    try:
        messages = await request.app[RASA].say(rasa_sender(conversation_id), message, _browser_ip(request))
    except RasaSlowDown as limited:
        # Rasa's own polite reply, shaped like any bot message so the widget shows it as one.
        messages = [{"role": "bot", "text": text, "kind": "slow_down"} for text in limited.texts]
        status, headers["Retry-After"] = 429, limited.retry_after
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    reply = web.json_response({"messages": messages}, status=status, headers=headers)
    if known is None:
        cookies.issue(reply, request, conversation_id)
    return reply


async def history(request: web.Request) -> web.Response:
    """This browser's conversation, from its cookie; none without one. Takes no id."""
    conversation_id = request.app[CONVERSATIONS].read(request)
    try:
        events = await request.app[RASA].events(rasa_sender(conversation_id)) if conversation_id else []
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    return web.json_response({"messages": conversation(events)}, headers={"Cache-Control": "no-store"})


async def restart(request: web.Request) -> web.Response:
    """"Start over": a new conversation for this browser; the old one is no longer reachable from it."""
    _check_widget_post(request)
    reply = web.json_response({"messages": []}, headers={"Cache-Control": "no-store"})
    request.app[CONVERSATIONS].issue(reply, request)
    return reply


# ---------------------------------------------------------------- staff console
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
    return _page("staff.html")


async def login_page(request: web.Request) -> web.FileResponse:
    return _page("login.html")




async def login(request: web.Request) -> web.Response:
    """JSON {password} (and, with per-person accounts, a name). Throttled per client address and
    per account; each failure is logged with both, never with what was typed."""
    check_json_post(request)
    body = await _json_body(request)
    name, given = body.get("name"), body.get("password")
    accounts: Accounts = request.app[ACCOUNTS]
    throttle = request.app[THROTTLE]
    account_name = accounts.login_name(name if isinstance(name, str) else None)
    client = address_key(_browser_ip(request))
    keys = (f"client:{client}", f"account:{account_name}")
    wait = throttle.wait_seconds(keys)
    if wait:
        logger.warning("Staff login refused without checking: too many failures (account %s, client %s); "
                       "%d s to wait", account_name, client, wait)
        return web.json_response({"error": "throttled", "retry_after": wait}, status=429,
                                 headers={"Retry-After": str(wait)})
    account = accounts.authenticate(account_name, given) if isinstance(given, str) else None
    if account is None:
        failures = throttle.failed(keys)
        logger.warning("Staff login failed (account %s, client %s, %d failures in a row)",
                       account_name, client, failures)
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
    message = _message(await _json_body(request))
    try:
        result = await staff_explain.explain(request.app[RASA], request.app[CATALOGUE], message, _browser_ip(request))
    except RasaSlowDown as limited:
        return web.json_response({"error": " ".join(limited.texts)}, status=429,
                                 headers={"Retry-After": limited.retry_after})
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    return web.json_response(result, headers={"Cache-Control": "no-store"})


async def batch_api(request: web.Request) -> web.Response:
    """JSON {csv: "<the file's text>"}. The whole body is read (aiohttp answers 413 over
    MAX_BODY_BYTES), then the CSV's own size is checked, so nothing is ever silently cut."""
    _require_staff(request)
    text = (await _json_body(request)).get("csv")
    if not isinstance(text, str):
        raise _bad_request("'csv' must be the CSV file's text.")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BATCH_BYTES:
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_BATCH_BYTES, actual_size=len(text),
            text=f'{{"error": "The CSV is limited to {MAX_BATCH_BYTES // 1024} KB."}}', content_type="application/json")
    try:
        rows = staff_explain.read_batch(text)
    except staff_explain.BatchError as error:
        return web.json_response({"error": str(error)}, status=400)
    try:
        result = await staff_explain.run_batch(request.app[RASA], request.app[CATALOGUE], rows)
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    return web.json_response(result, headers={"Cache-Control": "no-store"})


async def review_api(request: web.Request) -> web.Response:
    _require_staff(request)
    url = request.app[SETTINGS]["db_url"]
    summary = await asyncio.to_thread(lambda: {"escalations": review.recent_escalations(url),
                                               "feedback": review.feedback_summary(url)})
    return web.json_response(summary, headers={"Cache-Control": "no-store"})


# ---------------------------------------------------------------- app
def _required_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SystemExit(f"web/server.py: environment variable {name} must be set (scripts/run.sh sets it).")
    return value


def create_app(rasa_url: str, rasa_token: str, staff_password: str, db_url: str | None = None,
               region: str | None = None, widget_origins: tuple[str, ...] = (),
               cookie_secret: str | None = None) -> web.Application:
    app = web.Application(middlewares=[security_headers, widget_cors, body_too_large], client_max_size=MAX_BODY_BYTES)
    app[CATALOGUE] = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    app[WIDGET] = load_widget_content(WIDGET_CONTENT)
    app[ACCOUNTS] = SharedPassword(staff_password)
    app[SESSIONS] = StaffSessions()
    app[THROTTLE] = LoginThrottle()
    app[CONVERSATIONS] = ConversationCookies(conversation_cookie.secret_from(cookie_secret, rasa_token))
    app[SETTINGS] = {"db_url": db_url, "region": region,
                     "widget_origins": frozenset(o.lower() for o in widget_origins)}

    async def rasa_client(app: web.Application):
        async with ClientSession(timeout=ClientTimeout(total=60)) as session:
            app[RASA] = RasaClient(rasa_url, rasa_token, session)
            yield

    app.cleanup_ctx.append(rasa_client)
    app.add_routes([
        web.get("/", demo_page),
        web.get("/widget/config", widget_config),
        web.post("/api/chat", chat),
        web.get("/api/history", history),
        web.post("/api/restart", restart),
        web.get("/staff", staff_page),
        web.get("/staff/login", login_page),
        web.post("/staff/login", login),
        web.post("/staff/logout", logout),
        web.post("/staff/api/explain", explain_api),
        web.post("/staff/api/batch", batch_api),
        web.get("/staff/api/review", review_api),
        web.static("/widget", STATIC / "widget"),
        web.static("/static", STATIC / "assets"),
    ])
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL")
                        or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    origins = tuple(o.strip() for o in os.environ.get("WIDGET_ORIGINS", "").split(",") if o.strip())
    try:
        app = create_app(args.rasa_url, _required_env("RASA_API_TOKEN"), _required_env("STAFF_PASSWORD"),
                         db_url=os.environ.get("DB_URL") or None, region=settings.region(), widget_origins=origins,
                         cookie_secret=os.environ.get("WIDGET_COOKIE_SECRET") or None)
    except WeakPassword as error:
        raise SystemExit(f"web/server.py: {error}") from None
    web.run_app(app, host=args.bind, port=args.port, print=lambda *_: logger.info("Web on %s:%s", args.bind, args.port))


if __name__ == "__main__":
    main()
