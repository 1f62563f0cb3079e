"""The one rule set for a pair's goals: what a pair set out to do.

A goal is the pair's own words, private like session notes. Every way in
(`goals add/done/drop`, the `log` prompts and `--goal-reached`, a roster's
`goals:` on a fixed pair, a bulk file's `goal_reached` column, a restored
backup) goes through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.errors import InvalidInput

GOAL_OPEN, GOAL_DONE, GOAL_DROPPED = "open", "done", "dropped"
GOAL_STATUSES = (GOAL_OPEN, GOAL_DONE, GOAL_DROPPED)
# A goal is a sentence a pair can remember, not a plan.
LONGEST_GOAL = 300


@dataclass
class GoalEntry:
    """A validated new goal."""

    text: str
    due: date | None
    created_on: date


@dataclass(kw_only=True)
class StoredGoal(GoalEntry):
    """A goal as stored, with both people of its pair."""

    id: int
    pair_id: int
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    done_on: date | None = None
    dropped_on: date | None = None

    @property
    def status(self) -> str:
        if self.done_on is not None:
            return GOAL_DONE
        if self.dropped_on is not None:
            return GOAL_DROPPED
        return GOAL_OPEN

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


# ---------------------------------------------------------------- fields


def parse_goal_text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"a goal must be text, not {value!r}")
    text = " ".join(value.split())
    if not text:
        raise InvalidInput("a goal cannot be empty")
    if len(text) > LONGEST_GOAL:
        raise InvalidInput(
            f"a goal must be at most {LONGEST_GOAL} characters, not {len(text)}"
        )
    return text


def parse_due(value: object, *, paired_on: date) -> date | None:
    """A due date, or None when blank; not before the pair was made."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = validation.parse_date(value, "the due date")
    if day < paired_on:
        raise InvalidInput(
            f"the due date {day} is before the pair was made (on {paired_on})"
        )
    return day


def check_goal_day(
    value: object,
    what: str,
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> date:
    """The day a goal was set, reached or dropped: within the pair's life."""
    day = day_not_in_future(value, what, today=today)
    if day < paired_on:
        raise InvalidInput(f"{what} {day} is before the pair was made (on {paired_on})")
    if ended_on is not None and day > ended_on:
        raise InvalidInput(f"{what} {day} is after the pair ended (on {ended_on})")
    return day


# ---------------------------------------------------------------- goals


def new_goal(
    values: Mapping[str, object],
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> GoalEntry:
    """A goal from loose answers: text (required), due, created_on (default today)."""
    created = values.get("created_on")
    return GoalEntry(
        text=parse_goal_text(values.get("text")),
        due=parse_due(values.get("due"), paired_on=paired_on),
        created_on=check_goal_day(
            today if created is None else created,
            "the day the goal was set",
            paired_on=paired_on,
            today=today,
            ended_on=ended_on,
        ),
    )


def check_reached(
    goal: StoredGoal,
    value: object,
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> date:
    """The day an open goal was reached."""
    check_open(goal)
    day = check_goal_day(
        value,
        "the date",
        paired_on=paired_on,
        today=today,
        ended_on=ended_on,
    )
    _not_before_set(goal.id, goal.created_on, day)
    return day


def reached_in_session(goals: Sequence[StoredGoal], day: date) -> list[StoredGoal]:
    """Goals a session on ``day`` reached (the session itself is checked by
    ``new_session``): each still open, and set on or before that day."""
    for goal in goals:
        check_open(goal)
        _not_before_set(goal.id, goal.created_on, day)
    return list(goals)


def _not_before_set(goal_id: int | None, created_on: date, day: date) -> None:
    """A goal is reached or dropped on or after the day it was set."""
    if day < created_on:
        goal = f"goal #{goal_id}" if goal_id is not None else "the goal"
        raise InvalidInput(f"{goal} was set on {created_on}, after {day}")


def check_open(goal: StoredGoal) -> None:
    """Only an open goal is reached or dropped (a reached one stays reached)."""
    if goal.status == GOAL_DONE:
        raise InvalidInput(f"it was already reached on {goal.done_on}")
    if goal.status == GOAL_DROPPED:
        raise InvalidInput(f"it was dropped on {goal.dropped_on}")


def check_stored_goal(
    values: Mapping[str, object],
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> None:
    """A goal row from a backup obeys the same rules as one typed in:
    keys text, due, created_on, done_on, dropped_on."""
    entry = new_goal(values, paired_on=paired_on, today=today, ended_on=ended_on)
    if values.get("done_on") is not None and values.get("dropped_on") is not None:
        raise InvalidInput("a goal cannot be both reached and dropped")
    for key, what in (("done_on", "reached"), ("dropped_on", "dropped")):
        if values.get(key) is not None:
            day = check_goal_day(
                values[key],
                f"the day it was {what}",
                paired_on=paired_on,
                today=today,
                ended_on=ended_on,
            )
            _not_before_set(None, entry.created_on, day)  # the row names it


def reached_goals(cell: object, open_goals: Sequence[StoredGoal]) -> list[StoredGoal]:
    """The goals a bulk file's ``goal_reached`` cell names among a pair's open goals.

    The cell holds goal numbers (``3`` or ``#3``) or goal texts (compared
    without case or extra spaces), several separated by ``;``; blank names none.
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return []
    items = [cell] if isinstance(cell, int) else str(cell).split(";")
    found: list[StoredGoal] = []
    for item in items:
        goal = _named_goal(item, open_goals)
        if goal not in found:
            found.append(goal)
    return found


def _named_goal(item: object, open_goals: Sequence[StoredGoal]) -> StoredGoal:
    text = " ".join(str(item).split())
    number = text[1:] if text.startswith("#") else text
    # ASCII digits only: str.isdigit also accepts '²', which int() refuses.
    if number and number.isascii() and number.isdigit():
        for goal in open_goals:
            if str(goal.id) == number.lstrip("0"):
                return goal
        raise InvalidInput(
            f"goal_reached: #{validation.shown(number)[1:-1]} is not an open goal "
            "of this pair"
        )
    key = text.casefold()
    for goal in open_goals:
        if goal.text.casefold() == key:
            return goal
    raise InvalidInput(
        f"goal_reached: {validation.shown(text)} is not an open goal of this pair"
    )


def count_goals(goals: Iterable[StoredGoal], today: date) -> GoalCounts:
    listed = list(goals)
    return GoalCounts(
        set=len(listed),
        reached=sum(g.status == GOAL_DONE for g in listed),
        open=sum(g.status == GOAL_OPEN for g in listed),
        overdue=sum(g.overdue(today) for g in listed),
        dropped=sum(g.status == GOAL_DROPPED for g in listed),
    )
