"""What the web server's routes share: the keys of the application's state and the size limits.

create_app (web/server.py) fills them once at start-up; each route reads them from its request.
"""
from __future__ import annotations

from aiohttp import web

from web.login_throttle import LoginThrottle
from web.conversation_cookie import ConversationCookies
from web.rasa_client import RasaClient
from web.staff_sessions import StaffSessions

MAX_MESSAGE_CHARS = 2000
MAX_BATCH_BYTES = 512 * 1024
# The batch CSV travels as a JSON string: escaping may grow it; the CSV itself is checked too.
MAX_BODY_BYTES = 2 * MAX_BATCH_BYTES

CATALOGUE = web.AppKey("catalogue", object)
WIDGET = web.AppKey("widget", object)
RASA = web.AppKey("rasa", RasaClient)
SESSIONS = web.AppKey("sessions", StaffSessions)
ACCOUNTS = web.AppKey("accounts", object)
THROTTLE = web.AppKey("throttle", LoginThrottle)
CONVERSATIONS = web.AppKey("conversations", ConversationCookies)
SETTINGS = web.AppKey("settings", dict)
