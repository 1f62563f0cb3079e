"""A pair as stored: the record commands, the matcher's callers and renderers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revmentor.domain.reasons import Reason, from_stored


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

    @property
    def coded_reasons(self) -> list[Reason]:
        """The reasons with their codes: see ``domain.reasons.readable_reasons``."""
        return from_stored(self.reasons, self.reason_codes)
