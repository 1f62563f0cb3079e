"""Queries on the org table: the people around the program, for reporting lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from revmentor.domain.org import OrgPerson


def org_managers(db) -> dict[str, str | None]:
    """email -> manager email for everyone in the org chart (lower-case)."""
    return {
        email.lower(): manager.lower() if manager else None
        for email, manager in db.execute("SELECT email, manager FROM org").fetchall()
    }


def upsert_org(db, people: Iterable[OrgPerson]) -> tuple[int, int, int]:
    """Add new org people and update known ones (by email).

    Returns (added, updated, unchanged).
    """
    existing = {
        row["email"]: row
        for row in db.query(
            "SELECT email, name, manager, title, level, department FROM org"
        )
    }
    added: list[dict] = []
    updated = unchanged = 0
    for person in people:
        row = asdict(person)
        known = existing.get(person.email)
        if known is None:
            added.append(row)
        elif known == row:
            unchanged += 1
        else:
            db.execute(
                "UPDATE org SET name = ?, manager = ?, title = ?, level = ?, "
                "department = ? WHERE email = ?",
                [
                    row["name"],
                    row["manager"],
                    row["title"],
                    row["level"],
                    row["department"],
                    row["email"],
                ],
            )
            updated += 1
    if added:
        db.table("org").insert_all(added, batch_size=1000)
    return len(added), updated, unchanged


def remove_org_except(db, keep: Iterable[str]) -> int:
    """Remove everyone from the org chart whose email is not in ``keep``."""
    kept = set(keep)
    gone = [
        email
        for (email,) in db.execute("SELECT email FROM org").fetchall()
        if email not in kept
    ]
    db.conn.executemany("DELETE FROM org WHERE email = ?", [(e,) for e in gone])
    return len(gone)
