"""A pair's recurring session, as a calendar would hold it.

Pure: the dates and people of the event series; render/calendar.py writes it
as iCalendar. The UID depends only on the pair, so importing a newer file
updates the series instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from revmentor.domain.intro import PairView
from revmentor.domain.models import Program
from revmentor.errors import InvalidInput

DEFAULT_TIME = time(10, 0)


@dataclass(frozen=True)
class CalendarPlan:
    uid: str
    pair_id: int
    summary: str
    description: str
    start: datetime  # aware in the mentee's zone, or floating when unknown
    minutes: int
    interval_days: int
    count: int
    attendees: tuple[tuple[str, str], ...]  # (name, email)
    cancelled: bool = False


def parse_time(text: str) -> time:
    """``10:00`` or ``9:30`` → a time of day."""
    try:
        hours, _, minutes = text.strip().partition(":")
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise InvalidInput(
            f"--time must be a time of day such as 10:00 or 14:30, not {text!r}"
        ) from None


def first_working_day_after(day: date) -> date:
    """The next Monday to Friday after ``day``."""
    following = day + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following


def pair_uid(pair: PairView) -> str:
    """Stable per pair: its id and who is in it, the same in every run."""
    key = f"{pair.id}|{pair.mentor.lower()}|{pair.mentee.lower()}|{pair.paired_on}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"pair-{pair.id}-{digest}@revmentor"


def _zone(name: str | None):
    """The mentee's time zone, or None (a floating time) when unknown or wrong."""
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def session_count(first: date, program: Program, paired_on: date) -> int:
    """Sessions from ``first`` to the program's end (at least one)."""
    start = program.start or paired_on
    end = start + timedelta(weeks=program.length_weeks)
    days = (end - first).days
    return max(1, math.ceil(days / program.cadence_days))


def calendar_plan(
    pair: PairView,
    program: Program,
    *,
    timezone: str | None,
    agenda: list[str],
    at: time = DEFAULT_TIME,
    cancelled: bool = False,
) -> CalendarPlan:
    first = first_working_day_after(pair.paired_on)
    description = "\n".join(
        ["Agenda for your first session:"]
        + [f"{n}. {item}" for n, item in enumerate(agenda, 1)]
        + [
            "",
            f"Meet every {program.cadence_days} days, for about "
            f"{program.session_minutes} minutes.",
        ]
    )
    return CalendarPlan(
        uid=pair_uid(pair),
        pair_id=pair.id,
        summary=f"{program.name}: {pair.mentor_name} and {pair.mentee_name}",
        description=description,
        start=datetime.combine(first, at, tzinfo=_zone(timezone)),
        minutes=program.session_minutes,
        interval_days=program.cadence_days,
        count=session_count(first, program, pair.paired_on),
        attendees=(
            (pair.mentor_name, pair.mentor),
            (pair.mentee_name, pair.mentee),
        ),
        cancelled=cancelled,
    )
