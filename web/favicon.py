"""/favicon.ico: browsers ask for it on every page; without it each visit logs a 404."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

ICON = Path(__file__).resolve().parent / "static" / "favicon.ico"


async def favicon(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        ICON, headers={"Cache-Control": "public, max-age=86400", "Content-Type": "image/vnd.microsoft.icon"}
    )
