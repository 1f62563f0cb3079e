"""The digests table: on which days the channel digest went out.

A digest is claimed (a row, committed) before it is posted and marked posted
after, so two runs at once post it once; a post that fails gives its claim
back, and a claim left by a run that died blocks only its own day.
"""

from __future__ import annotations

from datetime import date, datetime


def last_posted(db, since: date, until: date) -> date | None:
    """The last day from ``since`` to ``until`` a digest was posted on."""
    row = db.execute(
        "SELECT MAX(day) FROM digests WHERE status = 'posted' AND day BETWEEN ? AND ?",
        [since.isoformat(), until.isoformat()],
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def claim(db, day: date, fmt: str) -> bool:
    """Claim ``day``'s digest; False when another run holds the claim."""
    if db["digests"].count_where("day = ? AND status = 'claimed'", [day.isoformat()]):
        return False
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    row = {"day": day, "status": "claimed", "format": fmt, "claimed_at": now}
    db["digests"].upsert(row, pk="day")
    return True


def settle(db, day: date, posted: bool) -> None:
    """Mark ``day``'s claim posted, or give it back."""
    if posted:
        db["digests"].update(day.isoformat(), {"status": "posted"})
    else:
        db["digests"].delete(day.isoformat())
