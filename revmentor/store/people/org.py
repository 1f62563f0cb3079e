"""Queries on the org table: the people around the program, for reporting lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from revmentor.domain.people.org import ORG_KEYS, OrgPerson, manager_loops
from revmentor.errors import InvalidInput


def org_managers(db) -> dict[str, str | None]:
    """email -> manager email for everyone in the org chart (lower-case); one
    plain query (the report counts its queries)."""
    rows = db.execute("SELECT email, manager FROM org").fetchall()
    return {
        email.lower(): manager.lower() if manager else None for email, manager in rows
    }


def list_org(db) -> list[OrgPerson]:
    """Everyone in the org table (participants an HR export listed too)."""
    return [
        OrgPerson(**row) for row in db["org"].rows_where(select=", ".join(ORG_KEYS))
    ]


def upsert_org(db, people: Iterable[OrgPerson]) -> tuple[int, int, int]:
    """Add new org people and update known ones (by email); a field a file
    leaves out or blank keeps what is stored, as roster imports do.

    Returns (added, updated, unchanged).
    """
    existing = {person.email: asdict(person) for person in list_org(db)}
    rows = [
        existing.get(person.email, {})
        | {key: value for key, value in asdict(person).items() if value is not None}
        for person in people
    ]
    # The file's links with the stored ones must not loop either.
    merged = {email: row["manager"] for email, row in existing.items()}
    merged |= {row["email"]: row.get("manager") for row in rows}
    refuse_loops(manager_loops(merged), "the org chart's manager chain would loop")
    added = sum(row["email"] not in existing for row in rows)
    unchanged = sum(existing.get(row["email"]) == row for row in rows)
    db["org"].upsert_all(rows, pk="email", batch_size=1000)
    return added, len(rows) - added - unchanged, unchanged


def refuse_loops(loops: list[list[str]], what: str) -> None:
    """Refuse the first of ``loops`` (found by ``domain.people.org``) in one
    sentence: ``what``, then the loop, e.g. "a → b → a"."""
    for loop in loops:
        raise InvalidInput(f"{what}: " + " → ".join([*loop, loop[0]]))


def remove_org_except(db, keep: Iterable[str]) -> int:
    """Remove everyone from the org chart whose email is not in ``keep``."""
    sql = "DELETE FROM org WHERE email NOT IN (SELECT value FROM json_each(?))"
    return db.execute(sql, [json.dumps(list(keep))]).rowcount
