"""Rules about days shared by every record that carries one."""

from __future__ import annotations

from datetime import date

from revmentor.domain import validation
from revmentor.errors import InvalidInput


def day_not_in_future(
    value: object, what: str = "the date", *, today: date | None = None
) -> date:
    """A real day (YYYY-MM-DD) that has already come: sessions, check-ins,
    pairings and endings record what happened, never what is planned."""
    today = today or date.today()
    day = validation.parse_date(value, what)
    if day > today:
        raise InvalidInput(f"{what} {day} is in the future (today is {today})")
    return day
