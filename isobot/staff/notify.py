"""Tell staff about an escalation through a webhook (e.g. a Slack incoming webhook).

STAFF_WEBHOOK_URL unset means no notification. A failure is logged and reported to the
caller; it never stops the patient from getting the escalation message (which Rasa has
already sent by the time this runs).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = float(os.environ.get("STAFF_WEBHOOK_TIMEOUT", "3"))


async def notify_staff(summary: dict[str, Any]) -> bool:
    url = os.environ.get("STAFF_WEBHOOK_URL")
    if not url:
        return False
    text = (
        f"[{summary['tier'].upper()}] escalation {summary.get('escalation')} in conversation "
        f"{summary['conversation']}: flags {', '.join(summary['flags']) or 'none'}"
    )
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
            response = await client.post(url, json={"text": text, **summary})
            response.raise_for_status()
        return True
    except httpx.HTTPError as error:
        logger.error("Staff notification failed (%s): %s", type(error).__name__, error)
        return False
