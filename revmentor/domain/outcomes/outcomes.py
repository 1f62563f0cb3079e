"""Outcomes the report measures: what check-ins say people gained (per topic
and per statement), and whether the young mentors stay (retention).

Each person counts once per topic and phase (their latest answer), and a mean
is shown only when at least three people answered. A change is the mean of
each person's own change, over the people who answered both phases (so the
same group is compared), shown with their number when they are three or more;
it is computed unrounded and rounded once. Retention counts the mentors enrolled by the as-of day:
still in the program, and still in the organization (someone who left the
program may still work there); paused mentors are not lost.

The three-people rule: nothing computed from people's answers is shown for a
group of fewer than three people, so no one's answer can be read off a figure.
Every part of the report that counts or averages what people said or are uses
it: ratings, outcome means, attribute and retention breakdowns, goal totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from revmentor.domain.models import LEFT, MENTOR, PHASES
from revmentor.domain.validation import topic_key

# Fewer people than this in a group and a figure could single someone out.
MIN_PEOPLE = 3
# A person without a value for an attribute: a group of its own, never "other".
NOT_GIVEN = "not given"
# The buckets that small groups are merged into.
OTHER_VALUES = "other"
OTHER_OR_NOT_GIVEN = "other or not given"


def mean_if_enough(total: float, n: int, people: int) -> float | None:
    """The mean of ``n`` answers to 2 places, or None unless they come from
    enough people."""
    return round(total / n, 2) if n and people >= MIN_PEOPLE else None


def group_labels(counts: Mapping[str, int]) -> dict[str, str] | None:
    """The group each value is shown under, or None when no breakdown is safe.

    Values held by fewer than three people are merged into one bucket ("other",
    or "other or not given" when it holds people without a value); while that
    bucket is still under three, the smallest remaining group joins it. When the
    bucket cannot reach three, or it would be the only group left (which tells
    nothing), there is no breakdown.
    """
    present = {value: n for value, n in counts.items() if n > 0}
    # Biggest first, ties by name: the smallest group is at the end of the list.
    big = sorted(
        (v for v, n in present.items() if n >= MIN_PEOPLE),
        key=lambda v: (-present[v], v),
    )
    merged = [v for v, n in present.items() if n < MIN_PEOPLE]
    while merged and sum(present[v] for v in merged) < MIN_PEOPLE and big:
        merged.append(big.pop())
    if not big or (merged and sum(present[v] for v in merged) < MIN_PEOPLE):
        return None
    bucket = OTHER_OR_NOT_GIVEN if NOT_GIVEN in merged else OTHER_VALUES
    return {value: value for value in big} | dict.fromkeys(merged, bucket)


def value_counts(people: Iterable, attribute: str) -> dict[str, int]:
    """How many of ``people`` have each value of ``attribute``, regrouped so
    that every group shown has at least three people, biggest first and the
    merged bucket last; empty when no breakdown is safe."""
    counts = Counter(attribute_value(p.attributes, attribute) for p in people)
    out: Counter[str] = Counter()
    for value, label in (group_labels(counts) or {}).items():
        out[label] += counts[value]
    buckets = (OTHER_VALUES, OTHER_OR_NOT_GIVEN)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] in buckets, -kv[1], kv[0])))


def attribute_value(attributes: Mapping[str, object], attribute: str) -> str:
    """A person's value of ``attribute`` (names compared as topics are: without
    case or spaces), or NOT_GIVEN when they have none."""
    wanted = topic_key(attribute)
    for key, value in attributes.items():
        if topic_key(str(key)) == wanted and str(value).strip():
            return " ".join(str(value).split())
    return NOT_GIVEN


@dataclass(frozen=True)
class CheckinFacts:
    """One check-in on or before the as-of date; they come in date order."""

    person: str  # email
    department: str | None
    topic: str
    phase: str
    score: int


@dataclass(frozen=True)
class OutcomeRow:
    """Mean scores of a topic or statement per phase (None unless at least
    three people answered) and the changes between them."""

    topic: str
    baseline_mean: float | None
    baseline_n: int
    midpoint_mean: float | None
    midpoint_n: int
    final_mean: float | None
    final_n: int
    midpoint_change: float | None  # the change so far, before any final
    midpoint_change_n: int  # the people who answered baseline and midpoint
    change: float | None  # final - baseline
    change_n: int  # the people who answered baseline and final


def _change(
    later: Mapping[str, int], earlier: Mapping[str, int], shown: bool = True
) -> tuple:
    """(mean change, n) of the people who answered both phases; no mean when
    not ``shown`` (what a filter leaves out would give it away)."""
    both = later.keys() & earlier.keys()
    total = sum(later[person] - earlier[person] for person in both)
    return mean_if_enough(total, len(both), len(both) if shown else 0), len(both)


def _latest(checkins: Iterable[CheckinFacts]) -> dict[str, dict[str, dict[str, int]]]:
    """topic key -> phase -> person -> their latest score."""
    latest: dict[str, dict[str, dict[str, int]]] = {}
    for c in checkins:
        phases = latest.setdefault(topic_key(c.topic), {})
        phases.setdefault(c.phase, {})[c.person] = c.score
    return latest


def outcome_rows(
    checkins: Iterable[CheckinFacts],
    names: Mapping[str, str],
    left_out: Iterable[CheckinFacts] = (),
) -> list[OutcomeRow]:
    """One row per topic key in ``names`` (key -> the spelling to show).

    ``left_out``: the check-ins a filter leaves out. A mean is shown only when
    they hold no answer or three people's too, so the filtered mean and the
    whole one never give one or two people's answers by difference.
    """
    rest = _latest(left_out)
    rows = []
    for key, phases in _latest(checkins).items():
        by_phase = [phases.get(phase, {}) for phase in PHASES]
        others = [len(rest.get(key, {}).get(phase, {})) for phase in PHASES]
        shown = [o == 0 or o >= MIN_PEOPLE for o in others]
        figures: list = []  # each phase's (mean, n), then each change's
        for a, ok in zip(by_phase, shown, strict=True):
            figures += [mean_if_enough(sum(a.values()), len(a), len(a) if ok else 0)]
            figures += [len(a)]
        for later in (1, 2):  # midpoint and final, against the baseline
            figures += _change(by_phase[later], by_phase[0], shown[later] and shown[0])
        rows.append(OutcomeRow(names[key], *figures))
    return sorted(rows, key=lambda o: o.topic.casefold())


@dataclass(frozen=True)
class RetentionGroup:
    value: str
    enrolled: int
    in_program: int
    in_organisation: int | None  # None: leaving the organization is not recorded


@dataclass(frozen=True)
class Retention:
    mentors_enrolled: int
    in_program: int
    in_program_rate: float | None
    in_organisation: int | None
    in_organisation_rate: float | None
    # attribute -> groups; an attribute is absent when no breakdown is safe
    by_attribute: dict[str, list[RetentionGroup]]


def ratio(part: int | None, whole: int) -> float | None:
    return round(part / whole, 3) if whole and part is not None else None


def _kept(mentors: list[tuple], recorded: bool) -> tuple[int, int, int | None]:
    """(enrolled, still in the program, still in the organization) of mentors."""
    in_org = sum(m[2] for m in mentors) if recorded else None
    return len(mentors), sum(m[1] for m in mentors), in_org


def retention(
    people: Sequence, as_of: date, attributes: Sequence[str], recorded: bool
) -> Retention:
    """Retention of the mentors among ``people`` (Participants) on ``as_of``,
    split by each attribute where every group shown has three people; in the
    organization only where leaving it is ``recorded`` (else None)."""
    mentors = []  # (attributes, in the program, in the organization)
    for p in people:
        if p.role == MENTOR and not (p.enrolled_on and p.enrolled_on > as_of):
            gone = p.status == LEFT and (p.left_on is None or p.left_on <= as_of)
            left_org = p.left_organisation_on and p.left_organisation_on <= as_of
            mentors.append((p.attributes, not gone, not (gone and left_org)))
    by_attribute = {}
    for attribute in attributes:
        values = [attribute_value(m[0], attribute) for m in mentors]
        if not (labels := group_labels(Counter(values))):
            continue  # no breakdown is safe
        groups: dict[str, list] = {}
        for mentor, value in zip(mentors, values, strict=True):
            groups.setdefault(labels[value], []).append(mentor)
        rows = [RetentionGroup(k, *_kept(ms, recorded)) for k, ms in groups.items()]
        # One or two leavers in a group would say which group they are in.
        lost = [g.enrolled - g.in_program for g in rows]
        lost += [g.enrolled - (g.in_organisation or 0) for g in rows if recorded]
        if any(0 < n < MIN_PEOPLE for n in lost):
            continue
        by_attribute[attribute] = sorted(
            rows, key=lambda g: (g.value.startswith("other"), -g.enrolled, g.value)
        )
    enrolled, kept, in_org = _kept(mentors, recorded)
    rates = ratio(kept, enrolled), ratio(in_org, enrolled)
    return Retention(enrolled, kept, rates[0], in_org, rates[1], by_attribute)
