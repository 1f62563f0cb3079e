"""The one rule for when a pair may end, whatever ends it.

`pairs end`, `pair --new-round`, `pair --rematch`, `people leave` and a roster
that marks someone as left all end pairs; each checks the day with
``check_pairs_end`` so that no pair ends before it began, in the future, or
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


def check_pairs_end(value: object, spans: Iterable[PairSpan], *, today: date) -> date:
    """The day the pairs ``spans`` may end on together, or ``InvalidInput``
    saying why not (the first broken rule). The fragment names the pair, so it
    reads well for one pair or many."""
    day = validation.parse_date(value, "the end date")
    for span in spans:
        day = day_not_in_future(day, "the end date", today=today)
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
