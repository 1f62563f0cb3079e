"""Queries on the pair_goals table: what each pair set out to do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from revmentor.domain.goals import GoalEntry, StoredGoal
from revmentor.domain.models import PAIR_ACTIVE
from revmentor.store.query import Where

_COLUMNS = """
    pair_goals.id, pair_goals.pair_id, mentor.email AS mentor,
    mentor.name AS mentor_name, mentee.email AS mentee, mentee.name AS mentee_name,
    pair_goals.text, pair_goals.due, pair_goals.created_on, pair_goals.done_on,
    pair_goals.dropped_on
"""
_FROM = """
    FROM pair_goals
    JOIN pairs ON pairs.id = pair_goals.pair_id
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
"""
_OPEN = "pair_goals.done_on IS NULL AND pair_goals.dropped_on IS NULL"


def _from_row(row: dict) -> StoredGoal:
    for key in ("due", "created_on", "done_on", "dropped_on"):
        row[key] = date.fromisoformat(row[key]) if row[key] else None
    return StoredGoal(**row)


def list_goals(
    db,
    *,
    pair_ids: Sequence[int] | None = None,
    only_open: bool = False,
) -> list[StoredGoal]:
    """Goals by pair, then in the order they were set."""
    where = Where()
    where.one_of("pair_goals.pair_id", pair_ids)
    if only_open:
        where.add(_OPEN)
    sql = f"SELECT {_COLUMNS} {_FROM}{where.sql}"
    sql += " ORDER BY pair_goals.pair_id, pair_goals.id"
    return [_from_row(row) for row in db.query(sql, where.params)]


def get_goal(db, goal_id: int) -> StoredGoal | None:
    rows = list(
        db.query(f"SELECT {_COLUMNS} {_FROM} WHERE pair_goals.id = ?", [goal_id])
    )
    return _from_row(rows[0]) if rows else None


def insert_goal(db, pair_id: int, goal: GoalEntry) -> int:
    due = goal.due.isoformat() if goal.due else None
    row = {"pair_id": pair_id, "text": goal.text, "due": due}
    return db["pair_goals"].insert({**row, "created_on": str(goal.created_on)}).last_pk


def mark_reached(db, goal_id: int, on: date) -> None:
    db.execute(
        f"UPDATE pair_goals SET done_on = ? WHERE id = ? AND {_OPEN}",
        [on.isoformat(), goal_id],
    )


def mark_dropped(db, goal_id: int, on: date) -> None:
    db.execute(
        f"UPDATE pair_goals SET dropped_on = ? WHERE id = ? AND {_OPEN}",
        [on.isoformat(), goal_id],
    )


def add_fixed_pair_goals(db, today: date) -> int:
    """Give each active pair made from a fixed rule the goals the roster set for
    it, once (a goal with the same words is not added again). Returns how many
    were added; a goal the rules refuse names its pair."""
    import json

    from revmentor.domain.goals import new_goal
    from revmentor.errors import InvalidInput

    rows = db.execute(
        """
        SELECT pairs.id, pairs.paired_on, mentor.name, mentee.name,
               pairing_rules.goals_json
        FROM pairing_rules
        JOIN pairs ON pairs.mentor_id = pairing_rules.first_id
                  AND pairs.mentee_id = pairing_rules.second_id
        JOIN participants AS mentor ON mentor.id = pairs.mentor_id
        JOIN participants AS mentee ON mentee.id = pairs.mentee_id
        WHERE pairing_rules.kind = 'fixed' AND pairs.status = ?
          AND pairing_rules.goals_json != '[]'
        """,
        [PAIR_ACTIVE],
    ).fetchall()
    added = 0
    for pair_id, paired_on, mentor_name, mentee_name, goals_json in rows:
        have = {goal.text.casefold() for goal in list_goals(db, pair_ids=[pair_id])}
        for values in json.loads(goals_json):
            if values["text"].casefold() in have:
                continue
            try:
                goal = new_goal(
                    values, paired_on=date.fromisoformat(paired_on), today=today
                )
            except InvalidInput as error:
                raise InvalidInput(
                    f"A goal of the fixed pair {mentor_name} → {mentee_name}: {error}."
                ) from None
            insert_goal(db, pair_id, goal)
            have.add(goal.text.casefold())
            added += 1
    return added
