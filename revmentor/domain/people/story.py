"""One person's whole story: their pairs, check-ins and goals, put together.

Pure: the store hands in what it read, this module works out progress (the
report's rules), groups check-ins by topic and phase, and returns the JSON
document of `people show`: the participant's roster keys, then ``pairs``,
``checkins`` and ``pair_goals`` (not "goals": that is the participant's own
free text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from revmentor.domain.models import MENTEE, MENTOR, PHASES, Participant
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.people.people import as_record
from revmentor.domain.sessions.checkins import StoredCheckin
from revmentor.domain.sessions.goals import StoredGoal, count_goals
from revmentor.domain.sessions.progress import FACTS, progress

STORY_KEYS = ("pairs", "checkins", "pair_goals")


def tell_story(
    person: Participant,
    *,
    pairs: Sequence[StoredPair],
    session_days: Sequence[tuple[int, date]],
    checkins: Iterable[StoredCheckin],
    goals: Sequence[StoredGoal],
    cadence_days: int,
    today: date,
    program_end: date | None = None,
    include_private: bool,
    include_notes: bool,
) -> dict[str, Any]:
    """``session_days``: (pair id, day) of each session. Each pair holds
    its goals (status "overdue" once an open goal's due day has passed); their
    words only with ``include_notes``."""
    chapters = []  # each pair, seen from the person's side, the latest first
    keys = ["id", "due", "done_on", "dropped_on"] + ["text"] * include_notes
    for pair in sorted(pairs, key=lambda p: (p.paired_on, p.id), reverse=True):
        held = [day for of, day in session_days if of == pair.id and day <= today]
        last = max(held, default=None)
        state = progress(pair, today, cadence_days, len(held), last, program_end)
        mentor = person.email == pair.mentor
        ours = [goal for goal in goals if goal.pair_id == pair.id]
        items = [
            {"status": "overdue" if goal.overdue(today) else goal.status}
            | {key: getattr(goal, key) for key in keys}
            for goal in ours
        ]
        chapters.append(
            {"pair_id": pair.id, "partner": pair.mentee if mentor else pair.mentor}
            | {"partner_name": pair.mentee_name if mentor else pair.mentor_name}
            | {"partner_role": MENTEE if mentor else MENTOR}
            | {key: getattr(pair, key) for key in ("round", "paired_on", "ended_on")}
            | {key: getattr(state, key) for key in FACTS}
            | {"goals": asdict(count_goals(ours, today)) | {"items": items}}
        )
    return as_record(person, include_private=include_private) | {
        "pairs": chapters,
        "checkins": scores_by_topic(checkins),
        "pair_goals": asdict(count_goals(goals, today)),
    }


def scores_by_topic(checkins: Iterable[StoredCheckin]) -> list[dict[str, object]]:
    """Per topic (first spelling wins, case-insensitive), the latest score of
    each phase, in phase order."""
    by_topic: dict[str, tuple[str, dict[str, tuple]]] = {}
    for c in checkins:
        _, phases = by_topic.setdefault(c.topic.casefold(), (c.topic, {}))
        stamp = (c.date, c.id, c.score)
        phases[c.phase] = max(phases.get(c.phase, stamp), stamp)
    return [
        {"topic": topic, **{p: phases[p][2] for p in PHASES if p in phases}}
        for topic, phases in sorted(by_topic.values(), key=lambda t: t[0].casefold())
    ]
