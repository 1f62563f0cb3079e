"""The one rule for when a pair may end, whatever ends it.

`pairs end`, `pair --new-round`, `pair --rematch`, `people leave` and a roster
that marks someone as left all end pairs; each checks the day with
``check_pair_end`` so that no pair ends before it began, in the future, or
before a session it already held (the report would then count sessions after
the end).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.errors import InvalidInput


@dataclass(frozen=True)
class PairSpan:
    """What the end rule needs to know about one active pair."""

    pair_id: int
    mentor_name: str
    mentee_name: str
    paired_on: date
    last_session: date | None = None

    @property
    def label(self) -> str:
        return f"{self.mentor_name} → {self.mentee_name}"


def check_pair_end(value: object, span: PairSpan, *, today: date) -> date:
    """The day ``span`` may end on, or ``InvalidInput`` saying why not.

    The fragment names the pair, so it reads well for one pair or many.
    """
    day = day_not_in_future(value, "the end date", today=today)
    if day < span.paired_on:
        raise InvalidInput(
            f"the end date {day} is before the pair {span.label} was made "
            f"(on {span.paired_on})"
        )
    if span.last_session is not None and day < span.last_session:
        raise InvalidInput(
            f"the end date {day} is before the last session of {span.label} "
            f"(on {span.last_session}); a pair ends after the sessions it held"
        )
    return day


def check_pairs_end(value: object, spans: Iterable[PairSpan], *, today: date) -> date:
    """``check_pair_end`` for every pair that ends together; the first broken
    rule is the one reported."""
    day = validation.parse_date(value, "the end date")
    for span in spans:
        check_pair_end(day, span, today=today)
    return day
