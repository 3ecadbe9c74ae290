"""What the web server's routes share: the keys of the application's state and the size limits.

create_app (web/server.py) fills them once at start-up; each route reads them from its request.
"""

from __future__ import annotations

from aiohttp import web

from isobot.content.catalogue import Catalogue
from web.conversation_cookie import ConversationCookies
from web.login_throttle import LoginThrottle
from web.rasa_client import RasaClient
from web.staff_sessions import Accounts, StaffSessions
from web.widget_content import WidgetContent

MAX_MESSAGE_CHARS = 2000
MAX_BATCH_BYTES = 512 * 1024
# The batch CSV travels as a JSON string: escaping may grow it; the CSV itself is checked too.
MAX_BODY_BYTES = 2 * MAX_BATCH_BYTES

CATALOGUE = web.AppKey("catalogue", Catalogue)
WIDGET = web.AppKey("widget", WidgetContent)
RASA = web.AppKey("rasa", RasaClient)
SESSIONS = web.AppKey("sessions", StaffSessions)
ACCOUNTS = web.AppKey("accounts", Accounts)  # a Protocol: any staff account store
THROTTLE = web.AppKey("throttle", LoginThrottle)
CONVERSATIONS = web.AppKey("conversations", ConversationCookies)
SETTINGS = web.AppKey("settings", dict)
