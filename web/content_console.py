"""The staff console's Content tab: the table of `make content-report`, read-only.

Registered by web/server.py with its own staff check, so this module needs nothing from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from isobot.content import report as content_report

COLUMNS = list(content_report.COLUMNS)


def routes(require_staff: Callable[[web.Request], Any]) -> list[web.RouteDef]:
    async def content_api(request: web.Request) -> web.Response:
        require_staff(request)
        # Reads content/ and git on each call: an edit shows up without restarting the server.
        rows = await asyncio.to_thread(content_report.report_rows)
        return web.json_response(
            {"columns": COLUMNS, "rows": rows, "overdue": sum(r["overdue"] for r in rows)},
            headers={"Cache-Control": "no-store"},
        )

    return [web.get("/staff/api/content", content_api)]
