"""A pair's recurring session, as a calendar would hold it.

Pure: the dates and people of the event series; render/calendar.py writes it
as iCalendar. The UID depends only on the pair, so importing a newer file
updates the series instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from revmentor.domain.intro import PairView
from revmentor.domain.models import Program


@dataclass(frozen=True)
class CalendarPlan:
    uid: str
    summary: str
    description: str
    start: datetime  # aware in the mentee's zone, or floating when unknown
    minutes: int
    interval_days: int
    count: int
    attendees: tuple[tuple[str, str], ...]  # (name, email)
    cancelled: bool = False


def _zone(name: str | None):
    """The mentee's time zone, or None (a floating time) when unknown or wrong."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def calendar_plan(
    pair: PairView,
    program: Program,
    *,
    timezone: str | None,
    agenda: list[str],
    at: time = time(10, 0),
    cancelled: bool = False,
) -> CalendarPlan:
    """Sessions from the first working day after pairing until the program
    ends (at least one), every cadence."""
    first = pair.paired_on + timedelta(days=1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    end = (program.start or pair.paired_on) + timedelta(weeks=program.length_weeks)
    # Stable per pair: its id and who is in it, the same in every run.
    key = f"{pair.id}|{pair.mentor.lower()}|{pair.mentee.lower()}|{pair.paired_on}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
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
        uid=f"pair-{pair.id}-{digest}@revmentor",
        summary=f"{program.name}: {pair.mentor_name} and {pair.mentee_name}",
        description=description,
        start=datetime.combine(first, at, tzinfo=_zone(timezone)),
        minutes=program.session_minutes,
        interval_days=program.cadence_days,
        count=max(1, math.ceil((end - first).days / program.cadence_days)),
        attendees=((pair.mentor_name, pair.mentor), (pair.mentee_name, pair.mentee)),
        cancelled=cancelled,
    )
