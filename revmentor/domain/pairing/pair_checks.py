"""Rules a stored pair must keep, whatever way it arrives (pairing, rosters,
restore): the right roles, no self-pair, dates in order, one active mentor
per mentee, a finite score."""

from __future__ import annotations

import math
from datetime import date

from revmentor.domain import validation
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

ROUND_MAX = 10_000
SCORE_MAX = 1_000_000.0  # far beyond any sum of bounded weights


def check_pair_people(mentor: Participant, mentee: Participant) -> None:
    if mentor.email == mentee.email:
        raise InvalidInput(f"{mentor.email} cannot be paired with themselves")
    for who, person in ((MENTOR, mentor), (MENTEE, mentee)):
        if person.role != who:
            raise InvalidInput(
                f"the {who} {person.email} is a {person.role}, not a {who}"
            )


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
    check_pair_people(mentor, mentee)
    validation.parse_bounded_number(round_number, "round", 1, ROUND_MAX)
    number = math.nan if isinstance(score, bool) else score
    # NaN and infinity fail the comparison too.
    if not isinstance(number, int | float) or not abs(number) <= SCORE_MAX:
        raise InvalidInput(f"score must be a finite number, not {shown(score)}")
    validation.check_date_in_range(paired_on, "paired_on")
    if status not in (PAIR_ACTIVE, PAIR_ENDED):
        raise InvalidInput(f"status must be active or ended, not {shown(status)}")
    if status == PAIR_ENDED:
        if ended_on is None:
            raise InvalidInput("ended_on: an ended pair needs the date it ended")
        if ended_on < paired_on:
            raise InvalidInput(
                f"ended_on {ended_on} is before the pair was made ({paired_on})"
            )
        return
    if ended_on is not None:
        raise InvalidInput("ended_on: an active pair has no end date")
    for who in (mentor, mentee):
        if who.status == LEFT:
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
