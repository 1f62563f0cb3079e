"""The one rule set for a pair's goals: what a pair set out to do.

A goal is the pair's own words, private like session notes. Every way in
(`goals add/done/drop`, the `log` prompts and `--goal-reached`, a roster's
`goals:` on a fixed pair, a bulk file's `goal_reached` column, a restored
backup) goes through these functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import ValidationInfo, field_validator

from revmentor.domain import validation
from revmentor.domain.records import Record, rule
from revmentor.domain.sessions.sessions import OfPair, day_in_pair, pair_day, validated
from revmentor.errors import InvalidInput

GOAL_OPEN, GOAL_DONE, GOAL_DROPPED = "open", "done", "dropped"
# A goal is a sentence a pair can remember, not a plan.
LONGEST_GOAL = 300


# ---------------------------------------------------------------- fields


def parse_goal_text(value: object) -> str:
    """One line: line breaks and runs of spaces are one space (a YAML block,
    a cell with a line break); other control characters are refused."""
    one_line = " ".join(value.split()) if isinstance(value, str) else value
    text = validation.clean_line(one_line, "a goal", LONGEST_GOAL)
    if not text:
        raise InvalidInput("a goal cannot be empty")
    return text


class GoalEntry(Record):
    """What a pair set out to do.

    Validated with the pair's ``paired_on`` and ``ended_on`` and ``today``;
    without that context (a stored goal) its days are taken as they are.
    """

    text: Annotated[str, rule(parse_goal_text)]
    # Before ``due``, which is checked against it.
    created_on: Annotated[
        date, rule(pair_day, "the day the goal was set", context=True)
    ]
    due: Annotated[
        date | None, rule(validation.parse_date, "the due date", optional=True)
    ] = None

    @field_validator("due")
    @classmethod
    def _due_once_set(cls, due: date | None, info: ValidationInfo) -> date | None:
        """Not before the pair was made nor before the goal was set (a stored
        goal, without context, is taken as it is, so old data still loads)."""
        set_on = info.data.get("created_on")
        if due is None or not info.context or set_on is None:
            return due
        for day, what in (
            (info.context["paired_on"], "the pair was made"),
            (set_on, "the goal was set"),
        ):
            if due < day:
                raise ValueError(f"the due date {due} is before {what} (on {day})")
        return due


class StoredGoal(GoalEntry, OfPair):
    """A goal as stored, with both people of its pair."""

    done_on: date | None = None
    dropped_on: date | None = None
    # G1, G2…: the goal's place among its pair's, as the pair's messages name it.
    code: str = ""

    @property
    def status(self) -> str:
        if self.done_on is not None:
            return GOAL_DONE
        return GOAL_OPEN if self.dropped_on is None else GOAL_DROPPED

    def overdue(self, today: date) -> bool:
        return self.status == GOAL_OPEN and self.due is not None and self.due < today


@dataclass(frozen=True)
class GoalCounts:
    """How a group of goals stands: numbers only, never the words."""

    set: int = 0
    reached: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0


# ---------------------------------------------------------------- goals


def new_goal(values: Mapping[str, object], **context) -> GoalEntry:
    """A goal from loose answers: text (required), due, created_on (default
    today). ``context``: the pair's ``paired_on`` and ``ended_on``, ``today``."""
    return validated(GoalEntry, values, **context)


def check_reached(goal: StoredGoal, value: object, **pair: Any) -> date:
    """The day an open goal was reached or dropped: ``value``, a day in the
    pair's life (``pair``: as ``day_in_pair`` takes), or None for today,
    unchecked (a goal of an ended pair can still be dropped)."""
    check_open(goal)  # first: being closed is the refusal that matters
    day = pair["today"] if value is None else day_in_pair(value, **pair)
    _not_before_set(f"goal #{goal.id}", goal.created_on, day)
    return day


def reached_in_session(goals: Sequence[StoredGoal], day: date) -> list[StoredGoal]:
    """Goals a session on ``day`` reached (the session itself is checked by
    ``new_session``): each still open, and set on or before that day."""
    for goal in goals:
        check_open(goal)
        _not_before_set(f"goal #{goal.id}", goal.created_on, day)
    return list(goals)


def _not_before_set(goal: str, created_on: date, day: date) -> None:
    """A goal is reached or dropped on or after the day it was set."""
    if day < created_on:
        raise InvalidInput(f"{goal} was set on {created_on}, after {day}")


def check_open(goal: StoredGoal) -> None:
    """Only an open goal is reached or dropped (a reached one stays reached)."""
    if goal.status == GOAL_DONE:
        raise InvalidInput(f"it was already reached on {goal.done_on}")
    if goal.status == GOAL_DROPPED:
        raise InvalidInput(f"it was dropped on {goal.dropped_on}")


def check_stored_goal(values: Mapping[str, object], **pair: Any) -> None:
    """A goal row from a backup obeys the same rules as one typed in: keys
    text, due, created_on, done_on, dropped_on (``pair``: as ``new_goal`` takes)."""
    entry = new_goal(values, **pair)
    # Both reached and dropped: the table's CHECK refuses it.
    for key, what in (("done_on", "reached"), ("dropped_on", "dropped")):
        if values.get(key) is not None:
            day = day_in_pair(values[key], f"the day it was {what}", **pair)
            _not_before_set("the goal", entry.created_on, day)  # the row names it


def reached_goals(
    cell: object, open_goals: Sequence[StoredGoal], *, numbers: bool = False
) -> list[StoredGoal]:
    """The goals a cell (or `log --goal-reached`) names among a pair's open goals.

    The cell holds goal texts (compared without case or extra spaces) or the
    codes the pair's messages give (``G2``), several separated by ``;``;
    blank names none. The coordinator's numbers (``3`` or ``#3``, from
    `revmentor goals`) only with ``numbers``: a pair never sees them, and a
    pair's "2" must not close some other goal #2.
    """
    if cell is None or not str(cell).strip():
        return []
    found = [_named_goal(item, open_goals, numbers) for item in str(cell).split(";")]
    return [goal for n, goal in enumerate(found) if goal not in found[:n]]


def _named_goal(
    item: str, open_goals: Sequence[StoredGoal], numbers: bool
) -> StoredGoal:
    text = " ".join(item.split())
    number = text.removeprefix("#")
    # ASCII digits only: str.isdigit also accepts '²', which int() refuses.
    if number and number.isascii() and number.isdigit():
        if not numbers:
            raise InvalidInput(
                f"{validation.shown(text)}: name the goal by its words or its "
                "code from the pair's introduction (G1, G2…), not a number"
            )
        found = [goal for goal in open_goals if str(goal.id) == number.lstrip("0")]
        text = f"#{validation.shown(number)[1:-1]}"
    else:
        found = [
            goal
            for goal in open_goals
            if text.casefold() in (goal.text.casefold(), goal.code.casefold())
        ]
        text = validation.shown(text)
    if not found:
        raise InvalidInput(f"{text} is not an open goal of this pair")
    return found[0]


def count_goals(goals: Iterable, as_of: date) -> GoalCounts:
    """How goals (anything with due, done_on and dropped_on) stood on
    ``as_of``: a later reach or drop is ignored; open past its due is overdue."""
    states: Counter[str] = Counter()
    for goal in goals:
        states["set"] += 1
        if goal.done_on and goal.done_on <= as_of:
            states["reached"] += 1
        elif goal.dropped_on and goal.dropped_on <= as_of:
            states["dropped"] += 1
        else:
            states["open"] += 1
            states["overdue"] += bool(goal.due and goal.due < as_of)
    return GoalCounts(**states)
