"""Pairs as stored and as one pairing run makes them: the records commands, the
store and renderers share, the rules on when a run may end pairs, and the one
rule for when a pair may end, whatever ends it.

`pairs end`, `pair --new-round`, `pair --rematch`, `people leave` and a roster
that marks someone as left all end pairs; each checks the day with
``check_pairs_end`` so that no pair ends before it began, in the future, or
before a session it already held (the report would then count sessions after
the end).

Here too the rules a stored pair must keep, whatever way it arrives (pairing,
rosters, restore): the right roles, no self-pair, dates in order, one active
mentor per mentee, a finite score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import (
    LEFT,
    MENTEE,
    MENTOR,
    PAIR_ACTIVE,
    PAIR_ENDED,
    Participant,
)
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput


@dataclass
class StoredPair:
    id: int
    mentor: str
    mentor_name: str
    mentor_title: str | None
    mentee: str
    mentee_name: str
    mentee_title: str | None
    round: int
    paired_on: date
    score: float
    reasons: list[str]  # the sentences, in order
    shared_topics: list[str]
    fixed: bool
    status: str
    ended_on: date | None
    end_reason: str | None
    fit: str | None
    fit_on: date | None
    introduced_on: date | None
    reason_codes: list[str] = field(default_factory=list)  # one per reason

    def ran_on(self, day: date) -> bool:
        """Whether the pair was running on ``day``: from the day it was made
        through the day it ended (a last session may be held that day)."""
        return self.paired_on <= day and (self.ended_on is None or day <= self.ended_on)


# Why pairs end when a pairing run ends them.
ROUND_DONE = "round completed"
NOT_A_GOOD_FIT = "not a good fit"


def check_new_round(paired_on: date, current_round: int, latest: date | None) -> None:
    """A new round needs an earlier one, and starts after its latest pair."""
    if current_round == 0:
        raise InvalidInput("There is no round to end yet: run `revmentor pair` first.")
    if latest and paired_on < latest:
        raise InvalidInput(
            f"--date {paired_on} is before the active pairs it would end were "
            f"made (latest {latest}); a new round starts after the last one."
        )


def check_rematch(poor: list[int]) -> None:
    """A rematch needs pairs logged as a poor fit (when they may end is the
    pair-end rule's)."""
    if not poor:
        raise InvalidInput(
            "No active pair has been logged as a poor fit "
            "(`revmentor log --fit poor`); nothing to rematch."
        )


@dataclass(frozen=True)
class PairSpan:
    """What the end rule needs to know about one active pair."""

    pair_id: int
    mentor_name: str
    mentee_name: str
    paired_on: date
    last_session: date | None = None


def check_pairs_end(value: object, spans: Iterable[PairSpan], *, today: date) -> date:
    """The day the pairs ``spans`` may end on together, or ``InvalidInput``
    saying why not (the first broken rule). The fragment names the pair, so it
    reads well for one pair or many."""
    day = day_not_in_future(value, "the end date", today=today)
    for span in spans:
        label = f"{span.mentor_name} → {span.mentee_name}"
        if day < span.paired_on:
            raise InvalidInput(
                f"the end date {day} is before the pair {label} was made "
                f"(on {span.paired_on})"
            )
        if span.last_session is not None and day < span.last_session:
            raise InvalidInput(
                f"the end date {day} is before the last session of {label} "
                f"(on {span.last_session}); a pair ends after the sessions it held"
            )
    return day


# ---------------------------------------------------------------- stored pairs

ROUND_MAX = 10_000
SCORE_MAX = 1_000_000.0  # far beyond any sum of bounded weights


def check_pair_record(
    *,
    mentor: Participant,
    mentee: Participant,
    round_number: object,
    paired_on: date,
    status: object,
    ended_on: date | None,
    score: object,
) -> None:
    """One pair's own rules (the one-active-pair-per-mentee rule needs the
    others: see ``check_one_active_pair``)."""
    if mentor.email == mentee.email:
        raise InvalidInput(f"{mentor.email} cannot be paired with themselves")
    for role, person in ((MENTOR, mentor), (MENTEE, mentee)):
        if person.role != role:
            raise InvalidInput(
                f"the {role} {person.email} is a {person.role}, not a {role}"
            )
    validation.parse_bounded_number(round_number, "round", 1, ROUND_MAX)
    number = math.nan if isinstance(score, bool) else score
    # NaN and infinity fail the comparison too.
    if not isinstance(number, int | float) or not abs(number) <= SCORE_MAX:
        raise InvalidInput(f"score must be a finite number, not {shown(score)}")
    if status not in (PAIR_ACTIVE, PAIR_ENDED):  # before the end-date rule reads it
        raise InvalidInput(f"status must be active or ended, not {shown(status)}")
    if (status == PAIR_ENDED) != (ended_on is not None):
        raise InvalidInput(
            "ended_on: an ended pair needs the date it ended; an active pair has none"
        )
    if ended_on is not None and ended_on < paired_on:
        raise InvalidInput(
            f"ended_on {ended_on} is before the pair was made ({paired_on})"
        )
    for who in (mentor, mentee):
        if status == PAIR_ACTIVE and who.status == LEFT:
            raise InvalidInput(
                f"{who.email} left the program but is still in an active pair"
            )


def check_one_active_pair(mentee: str, active_mentor_of: dict[str, str], mentor: str):
    """A mentee has one active mentor at a time."""
    other = active_mentor_of.get(mentee)
    if other is not None and other != mentor:
        raise InvalidInput(
            f"{mentee} would have two active mentors ({other} and {mentor})"
        )
    if other == mentor:
        raise InvalidInput(f"{mentor} and {mentee} are already an active pair")
