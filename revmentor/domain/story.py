"""One person's whole story: their pairs, check-ins and goals, put together.

Pure: the store hands in what it read, this module works out progress (the
report's rules) and groups check-ins by topic and phase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from revmentor.domain.checkins import StoredCheckin
from revmentor.domain.goals import GoalCounts, StoredGoal, count_goals
from revmentor.domain.models import MENTEE, MENTOR, PAIR_ENDED, PHASES, Participant
from revmentor.domain.pairs import StoredPair
from revmentor.domain.progress import progress_from_sessions


@dataclass(frozen=True)
class PairChapter:
    """One of the person's pairs, seen from their side."""

    pair_id: int
    partner: str
    partner_name: str
    partner_role: str
    round: int
    paired_on: date
    ended_on: date | None
    status: str
    held: int
    expected: int
    last_session: date | None
    goals: GoalCounts


@dataclass
class PersonStory:
    person: Participant
    pairs: list[PairChapter]
    # per topic: {"topic": the first spelling, phase: latest score, ...}
    checkins: list[dict[str, object]]
    goals: GoalCounts
    goal_items: list[StoredGoal]


def tell_story(
    person: Participant,
    *,
    pairs: Sequence[StoredPair],
    session_dates: Mapping[int, Sequence[date]],
    checkins: Iterable[StoredCheckin],
    goals: Sequence[StoredGoal],
    cadence_days: int,
    today: date,
) -> PersonStory:
    """``session_dates``: pair id -> the days of its sessions."""
    chapters = []
    for pair in sorted(pairs, key=lambda p: (p.paired_on, p.id), reverse=True):
        state = progress_from_sessions(
            paired_on=pair.paired_on,
            as_of=today,
            cadence_days=cadence_days,
            session_dates=session_dates.get(pair.id, ()),
            ended=pair.status == PAIR_ENDED,
            ended_on=pair.ended_on,
        )
        mentor = person.email == pair.mentor
        chapters.append(
            PairChapter(
                pair_id=pair.id,
                partner=pair.mentee if mentor else pair.mentor,
                partner_name=pair.mentee_name if mentor else pair.mentor_name,
                partner_role=MENTEE if mentor else MENTOR,
                round=pair.round,
                paired_on=pair.paired_on,
                ended_on=pair.ended_on,
                status=state.status,
                held=state.held,
                expected=state.expected,
                last_session=state.last_session,
                goals=count_goals((g for g in goals if g.pair_id == pair.id), today),
            )
        )
    return PersonStory(
        person,
        chapters,
        scores_by_topic(checkins),
        count_goals(goals, today),
        list(goals),
    )


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
