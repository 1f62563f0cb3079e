"""Reading everything about one person, for `people show`."""

from __future__ import annotations

from datetime import date
from typing import Any

from revmentor.domain.people.story import tell_story


def load_story(db, person, today: date, **shown: bool) -> dict[str, Any]:
    """``person``: a stored participant; their pairs, sessions, check-ins, goals.
    ``shown``: include_private and include_notes, as ``tell_story`` takes them."""
    from revmentor.store.pairs import list_pairs
    from revmentor.store.program import load_program
    from revmentor.store.sessions.checkins import list_checkins
    from revmentor.store.sessions.goals import list_goals
    from revmentor.store.sessions.sessions import list_sessions

    pairs = list_pairs(db, include_ended=True, email=person.email)
    session_dates: dict[int, list[date]] = {}
    for session in list_sessions(db, person=person.email):
        session_dates.setdefault(session.pair_id, []).append(session.date)
    return tell_story(
        person,
        pairs=pairs,
        session_dates=session_dates,
        checkins=list_checkins(db, email=person.email),
        goals=list_goals(db, pair_ids=[pair.id for pair in pairs]),
        cadence_days=(program := load_program(db)).cadence_days,
        today=today,
        program_end=program.end,
        **shown,
    )
