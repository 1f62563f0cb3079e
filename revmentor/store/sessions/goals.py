"""Queries on the pair_goals table: what each pair set out to do."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from itertools import groupby

from revmentor.domain.sessions.goals import GoalEntry, StoredGoal, new_goal
from revmentor.errors import refusing
from revmentor.store.pair_rules import fixed_rule_goals
from revmentor.store.pairs import list_pairs
from revmentor.store.sessions.sessions import pair_select

_SELECT = pair_select(
    "pair_goals",
    "pair_goals.text, pair_goals.due, pair_goals.created_on, pair_goals.done_on, "
    "pair_goals.dropped_on, 'G' || (SELECT COUNT(*) FROM pair_goals AS earlier "
    "WHERE earlier.pair_id = pair_goals.pair_id AND earlier.id <= pair_goals.id) "
    "AS code",
)


def list_goals(
    db,
    *,
    pair_ids: Sequence[int] | None = None,
    only_open: bool = False,
) -> list[StoredGoal]:
    """Goals by pair, then in the order they were set."""
    sql = f"""{_SELECT} WHERE (:ids IS NULL
            OR pair_goals.pair_id IN (SELECT value FROM json_each(:ids)))
        AND (NOT :only_open
            OR (pair_goals.done_on IS NULL AND pair_goals.dropped_on IS NULL))
        ORDER BY pair_goals.pair_id, pair_goals.id"""
    ids = None if pair_ids is None else json.dumps(list(pair_ids))
    params = {"ids": ids, "only_open": only_open}
    return [StoredGoal(**row) for row in db.query(sql, params)]


def open_goals_by_pair(db) -> dict[int, list[StoredGoal]]:
    """Each pair's open goals, in the order they were set."""
    goals = list_goals(db, only_open=True)  # by pair
    return {pair: list(same) for pair, same in groupby(goals, lambda g: g.pair_id)}


def get_goal(db, goal_id: int) -> StoredGoal | None:
    rows = db.query(f"{_SELECT} WHERE pair_goals.id = ?", [goal_id])
    return next((StoredGoal(**row) for row in rows), None)


def insert_goal(db, pair_id: int, goal: GoalEntry) -> int:
    return db["pair_goals"].insert({"pair_id": pair_id, **goal.model_dump()}).last_pk


def mark_reached(db, goal_id: int, on: date, column: str = "done_on") -> None:
    """Close an open goal (the rules checked it is open): reached, or dropped
    with ``column="dropped_on"``."""
    db["pair_goals"].update(goal_id, {column: on.isoformat()})


def add_fixed_pair_goals(db, today: date) -> None:
    """Give each active pair made from a fixed rule the goals the roster set for
    it, once (a goal with the same words is not added again); a goal the rules
    refuse names its pair."""
    active = {(pair.mentor, pair.mentee): pair for pair in list_pairs(db)}
    for people, (_, goals) in fixed_rule_goals(db).items():
        pair = active.get(people)
        if pair is None or not goals:
            continue
        have = {goal.text.casefold() for goal in list_goals(db, pair_ids=[pair.id])}
        for values in goals:
            if values["text"].casefold() in have:
                continue
            with refusing(
                f"A goal of the fixed pair {pair.mentor_name} → {pair.mentee_name}"
            ):
                goal = new_goal(values, paired_on=pair.paired_on, today=today)
            insert_goal(db, pair.id, goal)
            have.add(goal.text.casefold())
