"""The staff review: recent escalations and a feedback summary, from isobot.staff.log's tables."""

from __future__ import annotations

import json

import sqlalchemy as sa

from isobot.staff import log as staff_log


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def recent_escalations(url: str | None = None, limit: int = 100) -> list[dict]:
    table = staff_log.escalations
    query = sa.select(table).order_by(table.c.created_at.desc()).limit(limit)
    with staff_log.engine(url).connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        {
            "created_at": _when(r["created_at"]),
            "conversation": r["conversation"],
            "tier": r["tier"],
            "escalation": r["escalation"] or "",
            "flags": json.loads(r["flags"] or "[]"),
            "message": r["message"],
            "notified": bool(r["notified"]),
        }
        for r in rows
    ]


def feedback_summary(url: str | None = None, comments: int = 20) -> dict:
    table = staff_log.feedback
    helpful = sa.func.sum(sa.case((table.c.helpful.is_(True), 1), else_=0))
    counts = (
        sa.select(table.c.answer_id, helpful.label("helpful"), sa.func.count().label("total"))
        .group_by(table.c.answer_id)
        .order_by(sa.func.count().desc())
    )
    recent = sa.select(table).where(table.c.comment.isnot(None)).order_by(table.c.created_at.desc()).limit(comments)
    with staff_log.engine(url).connect() as connection:
        per_answer = [
            {
                "answer_id": r["answer_id"] or "(none)",
                "helpful": int(r["helpful"] or 0),
                "not_helpful": int(r["total"]) - int(r["helpful"] or 0),
            }
            for r in connection.execute(counts).mappings()
        ]
        latest = [
            {
                "created_at": _when(r["created_at"]),
                "answer_id": r["answer_id"] or "(none)",
                "helpful": bool(r["helpful"]),
                "comment": r["comment"],
            }
            for r in connection.execute(recent).mappings()
        ]
    return {"per_answer": per_answer, "recent_comments": latest}
