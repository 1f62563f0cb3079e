"""How a pair is doing on a given day: the rules of DESIGN.md "Progress".

Pure: dates in, a ``Progress`` out. For a pair, with ``cadence`` the program's
cadence_days and the report's as-of date:

- ``expected = floor(days since paired_on / cadence)``; for an ended pair the
  count stops on the day it ended;
- ``held`` = sessions logged on or before the as-of date (later ones are ignored);
- status, first rule that applies: ``ended``; ``stalled`` when more than
  2 × cadence days have passed since the last session (or since pairing, if none);
  ``behind`` when held < expected; otherwise ``on track``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from revmentor.domain.goals import GoalCounts

ON_TRACK = "on track"
BEHIND = "behind"
STALLED = "stalled"
ENDED = "ended"
# In the order a coordinator wants to see them: the pairs that need help first.
STATUSES = (STALLED, BEHIND, ON_TRACK, ENDED)


@dataclass(frozen=True)
class Progress:
    held: int
    expected: int
    last_session: date | None
    days_since_contact: int
    status: str


def parse_status(text: str) -> str | None:
    """'on-track', 'On track', 'on_track', 'ontrack' → 'on track'; None if unknown."""
    key = "".join(text.lower().replace("-", " ").replace("_", " ").split())
    for status in STATUSES:
        if key == status.replace(" ", ""):
            return status
    return None


def expected_sessions(paired_on: date, until: date, cadence_days: int) -> int:
    """Whole cadences between pairing and ``until`` (never negative)."""
    if cadence_days < 1:
        raise ValueError("cadence_days must be at least 1")
    return max(0, (until - paired_on).days // cadence_days)


def ended_by(ended: bool, ended_on: date | None, as_of: date) -> bool:
    """Whether a pair recorded as ended had already ended on ``as_of``."""
    return ended and (ended_on is None or ended_on <= as_of)


def progress(
    *,
    paired_on: date,
    as_of: date,
    cadence_days: int,
    held: int,
    last_session: date | None,
    ended: bool = False,
    ended_on: date | None = None,
) -> Progress:
    """Status of one pair from counts the caller already limited to ``as_of``.

    ``ended`` is the pair's stored state; a pair that ended after ``as_of`` was
    still running on that day and is judged like an active one.
    """
    is_ended = ended_by(ended, ended_on, as_of)
    until = min(ended_on, as_of) if is_ended and ended_on else as_of
    expected = expected_sessions(paired_on, until, cadence_days)
    contact = max(last_session, paired_on) if last_session else paired_on
    days_since_contact = max(0, (as_of - contact).days)
    if is_ended:
        status = ENDED
    elif days_since_contact > 2 * cadence_days:
        status = STALLED
    elif held < expected:
        status = BEHIND
    else:
        status = ON_TRACK
    return Progress(
        held=held,
        expected=expected,
        last_session=last_session,
        days_since_contact=days_since_contact,
        status=status,
    )


def progress_from_sessions(
    *,
    paired_on: date,
    as_of: date,
    cadence_days: int,
    session_dates: Iterable[date],
    ended: bool = False,
    ended_on: date | None = None,
) -> Progress:
    """Status of one pair from the dates of all its sessions (later ones ignored)."""
    counted = [day for day in session_dates if day <= as_of]
    return progress(
        paired_on=paired_on,
        as_of=as_of,
        cadence_days=cadence_days,
        held=len(counted),
        last_session=max(counted) if counted else None,
        ended=ended,
        ended_on=ended_on,
    )


@dataclass(frozen=True)
class GoalFacts:
    """One goal of a pair, with the days it was set, reached and dropped."""

    created_on: date
    due: date | None = None
    done_on: date | None = None
    dropped_on: date | None = None


def goal_counts(goals: Iterable[GoalFacts], as_of: date) -> GoalCounts:
    """A pair's goals as they stood on ``as_of`` (later changes ignored),
    counted as ``domain.goals.count_goals`` counts them today."""
    counts = dict.fromkeys(("set", "reached", "open", "overdue", "dropped"), 0)
    for goal in goals:
        if goal.created_on > as_of:
            continue
        counts["set"] += 1
        if goal.done_on is not None and goal.done_on <= as_of:
            counts["reached"] += 1
        elif goal.dropped_on is not None and goal.dropped_on <= as_of:
            counts["dropped"] += 1
        else:
            counts["open"] += 1
            counts["overdue"] += goal.due is not None and goal.due < as_of
    return GoalCounts(**counts)


def add_goal_counts(counts: Iterable[GoalCounts]) -> GoalCounts:
    total = dict.fromkeys(("set", "reached", "open", "overdue", "dropped"), 0)
    for c in counts:
        for key in total:
            total[key] += getattr(c, key)
    return GoalCounts(**total)
