"""The patient widget's routes: the demo page, the widget's configuration, and the chat API
(a same-origin proxy to Rasa's REST channel, in the conversation of the browser's cookie)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from web import erasure
from web.app_state import CATALOGUE, CONVERSATIONS, RASA, SETTINGS, WIDGET
from web.conversation_cookie import rasa_sender
from web.favicon import favicon
from web.http_helpers import browser_ip, chat_message, json_body, page, rasa_down
from web.rasa_client import RasaSlowDown, RasaUnavailable, conversation
from web.security import check_json_post

STATIC = Path(__file__).resolve().parent / "static"


async def demo_page(request: web.Request) -> web.FileResponse:
    return page("demo.html")


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
    message = chat_message(await json_body(request))
    cookies = request.app[CONVERSATIONS]
    known = cookies.read(request)
    conversation_id = known or cookies.new_id()
    status, headers = 200, {"Cache-Control": "no-store"}
    try:
        messages = await request.app[RASA].say(rasa_sender(conversation_id), message, browser_ip(request))
    except RasaSlowDown as limited:
        # Rasa's own polite reply, shaped like any bot message so the widget shows it as one.
        messages = [{"role": "bot", "text": text, "kind": "slow_down"} for text in limited.texts]
        status, headers["Retry-After"] = 429, limited.retry_after
    except RasaUnavailable as error:
        raise rasa_down(error) from None
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
        raise rasa_down(error) from None
    return web.json_response({"messages": conversation(events)}, headers={"Cache-Control": "no-store"})


async def restart(request: web.Request) -> web.Response:
    """ "Start over": a new conversation for this browser; the old one is no longer reachable from it.
    With {"erase": true} the old one is erased first (as "forget me"); if that fails, nothing changes."""
    _check_widget_post(request)
    old = request.app[CONVERSATIONS].read(request)
    if (await json_body(request)).get("erase") is True and old:
        try:
            await erasure.erase(request.app[RASA], rasa_sender(old), browser_ip(request))
        except (RasaUnavailable, RasaSlowDown) as error:
            raise rasa_down(RasaUnavailable(str(error))) from None
    reply = web.json_response({"messages": []}, headers={"Cache-Control": "no-store"})
    request.app[CONVERSATIONS].issue(reply, request)
    return reply


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/", demo_page),
        web.get("/favicon.ico", favicon),
        web.get("/widget/config", widget_config),
        web.post("/api/chat", chat),
        web.get("/api/history", history),
        web.post("/api/restart", restart),
        web.static("/widget", STATIC / "widget"),
        web.static("/static", STATIC / "assets"),
    ]
