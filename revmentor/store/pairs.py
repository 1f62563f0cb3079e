"""Queries on the pairs table."""

from __future__ import annotations

from datetime import date


def end_active_pairs_of(db, email: str, reason: str, on: date) -> int:
    """End every active pair the person is in; returns how many were ended."""
    cursor = db.execute(
        """
        UPDATE pairs SET status = 'ended', ended_on = ?, end_reason = ?
        WHERE status = 'active' AND (
            mentor_id = (SELECT id FROM participants WHERE email = ?)
            OR mentee_id = (SELECT id FROM participants WHERE email = ?)
        )
        """,
        [on.isoformat(), reason, email, email],
    )
    return cursor.rowcount
