"""One person's whole story: their pairs, check-ins and goals, put together.

Pure: the store hands in what it read, this module works out progress (the
report's rules) and groups check-ins by topic and phase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from revmentor.domain.checkins import StoredCheckin
from revmentor.domain.goals import GoalCounts, StoredGoal, count_goals
from revmentor.domain.models import MENTEE, MENTOR, PAIR_ENDED, PHASES, Participant
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


@dataclass(frozen=True)
class TopicScores:
    """The person's latest score per phase for one topic."""

    topic: str
    scores: dict[str, int]


@dataclass
class PersonStory:
    person: Participant
    pairs: list[PairChapter] = field(default_factory=list)
    checkins: list[TopicScores] = field(default_factory=list)
    goals: GoalCounts = GoalCounts()
    goal_items: list[StoredGoal] = field(default_factory=list)


def tell_story(
    person: Participant,
    *,
    pairs: Sequence,
    session_dates: Mapping[int, Sequence[date]],
    checkins: Iterable[StoredCheckin],
    goals: Sequence[StoredGoal],
    cadence_days: int,
    today: date,
) -> PersonStory:
    """``pairs``: the person's pairs (mentor/mentee emails and names, round,
    paired_on, status, ended_on); ``session_dates``: pair id -> session days."""
    chapters = [
        _chapter(
            person, pair, session_dates.get(pair.id, ()), goals, cadence_days, today
        )
        for pair in sorted(pairs, key=lambda p: (p.paired_on, p.id), reverse=True)
    ]
    return PersonStory(
        person=person,
        pairs=chapters,
        checkins=scores_by_topic(checkins),
        goals=count_goals(goals, today),
        goal_items=list(goals),
    )


def _chapter(person, pair, dates, goals, cadence_days: int, today: date):
    progress = progress_from_sessions(
        paired_on=pair.paired_on,
        as_of=today,
        cadence_days=cadence_days,
        session_dates=dates,
        ended=pair.status == PAIR_ENDED,
        ended_on=pair.ended_on,
    )
    mine_as_mentor = person.email == pair.mentor
    return PairChapter(
        pair_id=pair.id,
        partner=pair.mentee if mine_as_mentor else pair.mentor,
        partner_name=pair.mentee_name if mine_as_mentor else pair.mentor_name,
        partner_role=MENTEE if mine_as_mentor else MENTOR,
        round=pair.round,
        paired_on=pair.paired_on,
        ended_on=pair.ended_on,
        status=progress.status,
        held=progress.held,
        expected=progress.expected,
        last_session=progress.last_session,
        goals=count_goals((g for g in goals if g.pair_id == pair.id), today),
    )


def scores_by_topic(checkins: Iterable[StoredCheckin]) -> list[TopicScores]:
    """Per topic (first spelling wins, case-insensitive), the latest score of
    each phase, in phase order."""
    by_topic: dict[str, tuple[str, dict[str, tuple[date, int, int]]]] = {}
    for checkin in checkins:
        key = checkin.topic.casefold()
        spelling, phases = by_topic.setdefault(key, (checkin.topic, {}))
        stamp = (checkin.date, checkin.id, checkin.score)
        if checkin.phase not in phases or stamp > phases[checkin.phase]:
            phases[checkin.phase] = stamp
    return [
        TopicScores(
            topic=spelling,
            scores={p: phases[p][2] for p in PHASES if p in phases},
        )
        for spelling, phases in sorted(by_topic.values(), key=lambda t: t[0].casefold())
    ]
