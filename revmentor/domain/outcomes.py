"""Outcomes: what check-ins say people gained, per topic and per statement.

Each person counts once per topic and phase (their latest answer), and a mean
is shown only when at least three people answered; a change only when both of
its means are shown. Topics are the skills people rate their confidence in;
statements (the program's ``statements:``) are culture outcomes people rate
their agreement with, and get a table of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from revmentor.domain.small_groups import mean_if_enough
from revmentor.domain.validation import topic_key


@dataclass(frozen=True)
class CheckinFacts:
    """One check-in dated on or before the report's as-of day."""

    person: str  # email
    topic: str
    phase: str
    score: int
    day: date
    department: str | None = None


@dataclass(frozen=True)
class PhaseMean:
    mean: float | None  # None unless at least three people answered
    n: int  # how many people answered


@dataclass(frozen=True)
class OutcomeRow:
    topic: str
    baseline: PhaseMean
    midpoint: PhaseMean
    final: PhaseMean
    # mean final - mean baseline; None unless both means are shown
    change: float | None
    # mean midpoint - mean baseline: the change so far, before any final check-in
    midpoint_change: float | None

    def as_dict(self) -> dict:
        return {
            "topic": self.topic,
            "baseline_mean": self.baseline.mean,
            "baseline_n": self.baseline.n,
            "midpoint_mean": self.midpoint.mean,
            "midpoint_n": self.midpoint.n,
            "final_mean": self.final.mean,
            "final_n": self.final.n,
            "midpoint_change": self.midpoint_change,
            "change": self.change,
        }


def _latest_per_person(
    checkins: Iterable[CheckinFacts],
) -> dict[str, dict[str, dict[str, CheckinFacts]]]:
    """topic key -> phase -> person -> their latest check-in."""
    latest: dict[str, dict[str, dict[str, CheckinFacts]]] = {}
    for row in checkins:
        by_person = latest.setdefault(topic_key(row.topic), {}).setdefault(
            row.phase, {}
        )
        known = by_person.get(row.person)
        if known is None or row.day >= known.day:
            by_person[row.person] = row
    return latest


def _phase_mean(answers: dict[str, CheckinFacts]) -> PhaseMean:
    total = sum(a.score for a in answers.values())
    n = len(answers)
    return PhaseMean(mean=mean_if_enough(total, n, n), n=n)


def _difference(later: PhaseMean, earlier: PhaseMean) -> float | None:
    if later.mean is None or earlier.mean is None:
        return None
    return round(later.mean - earlier.mean, 2)


def outcome_rows(
    checkins: Iterable[CheckinFacts], names: dict[str, str]
) -> list[OutcomeRow]:
    """One row per topic key in ``names`` (key -> the spelling to show)."""
    latest = _latest_per_person(checkins)
    rows = []
    for key, phases in latest.items():
        baseline = _phase_mean(phases.get("baseline", {}))
        midpoint = _phase_mean(phases.get("midpoint", {}))
        final = _phase_mean(phases.get("final", {}))
        rows.append(
            OutcomeRow(
                topic=names[key],
                baseline=baseline,
                midpoint=midpoint,
                final=final,
                change=_difference(final, baseline),
                midpoint_change=_difference(midpoint, baseline),
            )
        )
    rows.sort(key=lambda o: o.topic.casefold())
    return rows


def build_outcomes(
    checkins: Sequence[CheckinFacts], statements: Sequence[str]
) -> tuple[list[OutcomeRow], list[OutcomeRow]]:
    """(topic outcomes, statement outcomes) from the check-ins given."""
    statement_names = {topic_key(s): s for s in statements}
    topic_rows = [r for r in checkins if topic_key(r.topic) not in statement_names]
    statement_rows = [r for r in checkins if topic_key(r.topic) in statement_names]
    topic_names: dict[str, str] = {}
    for row in topic_rows:
        topic_names.setdefault(topic_key(row.topic), row.topic)
    return (
        outcome_rows(topic_rows, topic_names),
        outcome_rows(statement_rows, statement_names),
    )
