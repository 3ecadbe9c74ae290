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
from web import conversation_cookie, patient_routes, staff_routes  # noqa: E402
from web.app_state import ACCOUNTS, CATALOGUE, CONVERSATIONS, MAX_BODY_BYTES, RASA, SESSIONS, SETTINGS, THROTTLE, WIDGET  # noqa: E402
from web.conversation_cookie import ConversationCookies  # noqa: E402
from web.http_helpers import body_too_large, widget_cors  # noqa: E402
from web.login_throttle import LoginThrottle  # noqa: E402
from web.rasa_client import RasaClient  # noqa: E402
from web.security import security_headers  # noqa: E402
from web.staff_sessions import SharedPassword, StaffSessions, WeakPassword  # noqa: E402
from web.widget_content import load_widget_content  # noqa: E402

WIDGET_CONTENT = settings.WIDGET
logger = logging.getLogger("isobot.web")


def _required_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SystemExit(f"web/server.py: environment variable {name} must be set (scripts/run.sh sets it).")
    return value


def create_app(
    rasa_url: str,
    rasa_token: str,
    staff_password: str,
    db_url: str | None = None,
    region: str | None = None,
    widget_origins: tuple[str, ...] = (),
    cookie_secret: str | None = None,
) -> web.Application:
    app = web.Application(middlewares=[security_headers, widget_cors, body_too_large], client_max_size=MAX_BODY_BYTES)
    app[CATALOGUE] = load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE)
    app[WIDGET] = load_widget_content(WIDGET_CONTENT)
    app[ACCOUNTS] = SharedPassword(staff_password)
    app[SESSIONS] = StaffSessions()
    app[THROTTLE] = LoginThrottle()
    app[CONVERSATIONS] = ConversationCookies(conversation_cookie.secret_from(cookie_secret, rasa_token))
    app[SETTINGS] = {"db_url": db_url, "region": region, "widget_origins": frozenset(o.lower() for o in widget_origins)}

    async def rasa_client(app: web.Application):
        async with ClientSession(timeout=ClientTimeout(total=60)) as session:
            app[RASA] = RasaClient(rasa_url, rasa_token, session)
            yield

    app.cleanup_ctx.append(rasa_client)
    # Each group lists its own routes; a new group is one more line here.
    app.add_routes(patient_routes.routes())
    app.add_routes(staff_routes.routes())
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1"))
    parser.add_argument(
        "--rasa-url", default=os.environ.get("RASA_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    origins = tuple(o.strip() for o in os.environ.get("WIDGET_ORIGINS", "").split(",") if o.strip())
    try:
        app = create_app(
            args.rasa_url,
            _required_env("RASA_API_TOKEN"),
            _required_env("STAFF_PASSWORD"),
            db_url=os.environ.get("DB_URL") or None,
            region=settings.region(),
            widget_origins=origins,
            cookie_secret=os.environ.get("WIDGET_COOKIE_SECRET") or None,
        )
    except WeakPassword as error:
        raise SystemExit(f"web/server.py: {error}") from None
    web.run_app(app, host=args.bind, port=args.port, print=lambda *_: logger.info("Web on %s:%s", args.bind, args.port))


if __name__ == "__main__":
    main()
