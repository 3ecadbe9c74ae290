"""Erase a widget conversation without the patient typing "forget me" ("Start over" with
"erase it too").

It goes through the bot's own "forget me" (the request, then the yes), so the tracker store
erases it exactly as when the patient asks in the chat (isobot/tracker_store.py): one erasure
path, with its logging, rather than a second one in the web server.
"""

from __future__ import annotations

from web.rasa_client import RasaClient, RasaUnavailable

REQUEST = "/request_delete_data"
CONFIRM = "/affirm"


async def erase(rasa: RasaClient, sender: str, client_ip: str | None) -> None:
    """Erase the conversation of `sender`; raises RasaUnavailable unless it is proved gone."""
    await rasa.send(sender, REQUEST, client_ip)
    await rasa.send(sender, CONFIRM, client_ip)
    # A fresh tracker (session start only) is the proof: any user event means it is still there.
    if any(event.get("event") == "user" for event in await rasa.events(sender)):
        raise RasaUnavailable("the conversation was not erased")
