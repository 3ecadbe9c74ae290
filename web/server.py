"""The web server: demo page with the chat widget, the widget's API (a same-origin proxy to
Rasa's REST channel) and the staff console.

Usage: python web/server.py --port 8080 --bind 127.0.0.1
Environment: RASA_URL (default http://127.0.0.1:$RASA_PORT), RASA_API_TOKEN, STAFF_PASSWORD,
DB_URL (staff review tables), ASSISTANT_REGION, WIDGET_ORIGINS (other sites allowed to embed
the widget, comma-separated; same origin always works).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout, web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python web/server.py` puts web/ first on the path, not the root
    sys.path.insert(0, str(ROOT))

from isobot import settings  # noqa: E402
from isobot.content import load_catalogue  # noqa: E402
from isobot.ratelimit import client_ip  # noqa: E402
from web import explain as staff_explain  # noqa: E402
from web import review  # noqa: E402
from web.rasa_client import RasaClient, RasaSlowDown, RasaUnavailable, conversation  # noqa: E402
from web.security import StaffSessions, password_matches, security_headers  # noqa: E402
from web.widget_content import load_widget_content  # noqa: E402

STATIC = Path(__file__).resolve().parent / "static"
PAGES = Path(__file__).resolve().parent / "pages"
WIDGET_CONTENT = ROOT / "content" / "widget.yml"
SENDER = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_MESSAGE_CHARS = 2000
MAX_BATCH_BYTES = 512 * 1024
FAILED_LOGIN_DELAY = 1.0
logger = logging.getLogger("isobot.web")

CATALOGUE = web.AppKey("catalogue", object)
WIDGET = web.AppKey("widget", object)
RASA = web.AppKey("rasa", RasaClient)
SESSIONS = web.AppKey("sessions", StaffSessions)
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


def _sender(value) -> str:
    if not isinstance(value, str) or not SENDER.match(value):
        raise _bad_request("'sender' must be 8-64 letters, digits, '-' or '_'.")
    return value


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
        response.headers.update({"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                                 "Access-Control-Allow-Methods": "GET, POST",
                                 "Access-Control-Allow-Headers": "Content-Type"})
    return response


# ---------------------------------------------------------------- patient widget
async def demo_page(request: web.Request) -> web.FileResponse:
    return _page("demo.html")


async def widget_config(request: web.Request) -> web.Response:
    region = request.query.get("region") or request.app[SETTINGS]["region"]
    return web.json_response(request.app[WIDGET].for_region(request.app[CATALOGUE], region))


async def chat(request: web.Request) -> web.Response:
    body = await _json_body(request)
    sender, message = _sender(body.get("sender")), _message(body)
    try:
        messages = await request.app[RASA].say(sender, message, _browser_ip(request))
    except RasaSlowDown as limited:
        # Rasa's own polite reply, shaped like any bot message so the widget shows it as one.
        return web.json_response({"messages": [{"role": "bot", "text": text, "kind": "slow_down"}
                                               for text in limited.texts]},
                                 status=429, headers={"Retry-After": limited.retry_after, "Cache-Control": "no-store"})
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    return web.json_response({"messages": messages}, headers={"Cache-Control": "no-store"})


async def history(request: web.Request) -> web.Response:
    sender = _sender(request.query.get("sender"))
    try:
        messages = conversation(await request.app[RASA].events(sender))
    except RasaUnavailable as error:
        raise _rasa_down(error) from None
    return web.json_response({"messages": messages}, headers={"Cache-Control": "no-store"})


# ---------------------------------------------------------------- staff console
def _is_staff(request: web.Request) -> bool:
    return request.app[SESSIONS].valid(request)


def _require_staff(request: web.Request) -> None:
    if not _is_staff(request):
        raise web.HTTPUnauthorized(text='{"error": "Log in first."}', content_type="application/json")


async def staff_page(request: web.Request) -> web.StreamResponse:
    if not _is_staff(request):
        raise web.HTTPSeeOther("/staff/login")
    return _page("staff.html")


async def login_page(request: web.Request) -> web.FileResponse:
    return _page("login.html")


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    given = form.get("password")
    if not isinstance(given, str) or not password_matches(given, request.app[SETTINGS]["staff_password"]):
        await asyncio.sleep(FAILED_LOGIN_DELAY)  # slows down guessing
        raise web.HTTPSeeOther("/staff/login?failed=1")
    response = web.HTTPSeeOther("/staff")
    request.app[SESSIONS].issue(response, secure=request.secure)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    response = web.HTTPSeeOther("/staff/login")
    request.app[SESSIONS].end(response)
    raise response


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
    _require_staff(request)
    raw = await request.content.read(MAX_BATCH_BYTES + 1)
    if len(raw) > MAX_BATCH_BYTES:
        raise _bad_request(f"The CSV is limited to {MAX_BATCH_BYTES // 1024} KB.")
    try:
        rows = staff_explain.read_batch(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _bad_request("The CSV must be UTF-8 text.") from None
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
               region: str | None = None, widget_origins: tuple[str, ...] = ()) -> web.Application:
    app = web.Application(middlewares=[security_headers, widget_cors], client_max_size=MAX_BATCH_BYTES + 1024)
    app[CATALOGUE] = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    app[WIDGET] = load_widget_content(WIDGET_CONTENT)
    app[SESSIONS] = StaffSessions()
    app[SETTINGS] = {"staff_password": staff_password, "db_url": db_url, "region": region,
                     "widget_origins": frozenset(widget_origins)}

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
    app = create_app(args.rasa_url, _required_env("RASA_API_TOKEN"), _required_env("STAFF_PASSWORD"),
                     db_url=os.environ.get("DB_URL") or None, region=settings.region(), widget_origins=origins)
    web.run_app(app, host=args.bind, port=args.port, print=lambda *_: logger.info("Web on %s:%s", args.bind, args.port))


if __name__ == "__main__":
    main()
