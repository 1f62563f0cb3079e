"""Queries on the participants table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date

from revmentor.domain.models import Participant
from revmentor.domain.people.people import pick_person
from revmentor.store.rows import dated, decoded

# Dates stored as ISO text.
_DATES = ("enrolled_on", "left_on", "left_organisation_on")
_FIELDS = [item.name for item in fields(Participant)]


def _from_row(row: dict) -> Participant:
    values = dated(decoded({key: row.get(key) for key in _FIELDS}), *_DATES)
    # Stored rows passed the record's rules on the way in: not checked again.
    return Participant(**values)


def get_participant(db, email: str) -> Participant | None:
    rows = db.query("SELECT * FROM participants WHERE email = ?", [email])
    return next(map(_from_row, rows), None)


def find_participant(db, query: str) -> Participant:
    """The person ``query`` names (email, unique name or part of one); raises
    NotFound with a "did you mean …?" suggestion. Every command taking a
    person uses this, through ``people.pick_person``."""
    return pick_person(list_participants(db), query)


def manager_map(db) -> dict[str, str | None]:
    """email -> manager email for everyone enrolled (for reporting-line rules)."""
    return {email: manager for email, (_, manager) in all_emails(db).items()}


def list_participants(
    db,
    *,
    role: str | None = None,
    status: str | None = None,
    department: str | None = None,
) -> list[Participant]:
    sql = """SELECT * FROM participants
        WHERE (:role IS NULL OR role = :role) AND (:status IS NULL OR status = :status)
        AND (:department IS NULL OR department = :department COLLATE NOCASE)
        ORDER BY role DESC, name COLLATE NOCASE, email"""  # mentors first
    given = {"role": role, "status": status, "department": department}
    params = {key: value or None for key, value in given.items()}  # "": not given
    return [_from_row(row) for row in db.query(sql, params)]


def all_emails(db) -> dict[str, tuple[str, str | None]]:
    """email -> (role, manager) for every enrolled person."""
    rows = db.execute("SELECT email, role, manager FROM participants")
    return {email: (role, manager) for email, role, manager in rows}


# A participant's row is ``vars(person)`` (asdict's deep copy cost a tenth of
# `pair`): sqlite-utils stores lists and mappings as JSON (non-ASCII kept) and
# dates as ISO text.


def insert_participant(db, person: Participant) -> None:
    """Enrol ``person``: today, unless they say when."""
    row = vars(person) | {"enrolled_on": person.enrolled_on or date.today()}
    db.table("participants").insert(row)


def update_participant(db, person: Participant) -> None:
    db.table("participants").upsert(vars(person), pk="email")


def upsert_participants(
    db, people: Iterable[Participant], existing: dict[str, Participant]
) -> tuple[int, int, int]:
    """Insert new people and update known ones (``existing``: email -> the
    participant as stored). Returns (added, updated, unchanged).
    """
    people = list(people)
    # Compared as values: attributes given in another order are no change.
    changed = [vars(p) for p in people if existing.get(p.email) != p]
    added = sum(person.email not in existing for person in people)
    db.table("participants").upsert_all(changed, pk="email")
    return added, len(changed) - added, len(people) - len(changed)


def last_session(db, email: str) -> date | None:
    """The day of a person's last session, in any pair, ended or not: a leaving
    date may not precede it (``check_pairs_end`` checks their active pairs)."""
    (day,) = db.execute(
        """
        SELECT MAX(sessions.date) FROM sessions JOIN pairs ON pairs.id = pair_id
        JOIN participants AS p ON p.id IN (pairs.mentor_id, pairs.mentee_id)
        WHERE p.email = ?
        """,
        [email],
    ).fetchone()
    return date.fromisoformat(day) if day else None
