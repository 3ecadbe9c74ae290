"""One socket.io client, as the browser widget uses the channel: connects, asks for a session,
collects what the bot sends. Shared by the socket.io tests so each one does not grow its own."""

from __future__ import annotations

import asyncio

import socketio


class Patient:
    def __init__(self, base_url: str, origin: str | None = None) -> None:
        self.base_url, self.origin = base_url, origin
        self.client = socketio.AsyncClient()
        self.messages: asyncio.Queue[dict] = asyncio.Queue()
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.client.on("bot_uttered", lambda data: self.messages.put_nowait(data))
        self.client.on("session_confirm", lambda session: self.confirmed.put_nowait(session))
        self.session: str | None = None

    async def open(self) -> None:
        headers = {"Origin": self.origin} if self.origin else {}
        # Long-polling: python-engineio's websocket client needs a newer aiohttp than Rasa pins.
        await self.client.connect(self.base_url, socketio_path="/socket.io", transports=["polling"], headers=headers)

    async def connect(self, propose=None) -> str:
        await self.open()
        await self.client.emit("session_request", {"session_id": propose} if propose else {})
        self.session = await asyncio.wait_for(self.confirmed.get(), timeout=30)
        return self.session

    async def say(self, message: str, session=None, settle: float = 1.5, first_timeout: float = 60) -> list[str]:
        await self.client.emit("user_uttered", {"message": message, "session_id": session or self.session})
        return await self.heard(settle, first_timeout)

    async def heard(self, settle: float = 1.5, first_timeout: float = 60) -> list[str]:
        return [message.get("text", "") for message in await self.heard_messages(settle, first_timeout)]

    async def heard_messages(self, settle: float = 1.5, first_timeout: float = 60) -> list[dict]:
        try:
            messages = [await asyncio.wait_for(self.messages.get(), timeout=first_timeout)]
        except asyncio.TimeoutError:
            return []
        while True:  # the rest of this turn's messages arrive close together
            try:
                messages.append(await asyncio.wait_for(self.messages.get(), timeout=settle))
            except asyncio.TimeoutError:
                return messages

    async def close(self) -> None:
        # The server gets the disconnect packets; waiting for the long-poll GET to end as well
        # costs up to the server's 25 s ping interval, so the client stops without waiting.
        for namespace in self.client.namespaces:
            await self.client._send_packet(self.client.packet_class(socketio.packet.DISCONNECT, namespace=namespace))
        await self.client.eio.disconnect(abort=True)
