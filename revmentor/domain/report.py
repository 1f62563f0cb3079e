"""The program at a glance: the data of `revmentor report`, built from plain facts.

Pure: the store hands over what it loaded (people, pairs with their sessions
already counted up to the as-of date, the unpaired reasons, check-in sums) and
``build_report`` returns a typed ``Report``; renderers turn it into a terminal
view, JSON, CSV, Markdown or HTML.

What the filters mean:

- ``department`` keeps the people of that department, and the pairs in which
  the mentor or the mentee belongs to it; participant figures, match rate,
  retention, attribute counts, the unpaired and outcomes follow it too;
- ``round`` and ``status`` only select pairs, so they change the pair figures
  (pairs, sessions, share on track, ratings) and not the participant figures.

Pairs made after the as-of date did not exist yet and are left out; a pair that
ended after it was still running then. Participants are counted as they are now.

Privacy: session notes only with ``include_notes``; ratings only as means over
at least ``MIN_RATINGS`` answers; diversity attributes only as counts, and only
for the program's ``diversity_attributes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from revmentor.domain import progress as rules
from revmentor.domain.models import (
    ACTIVE,
    LEFT,
    MENTEE,
    MENTOR,
    PAIR_ENDED,
    PARTICIPANT_STATUSES,
    PAUSED,
    ROLES,
    Program,
)
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput

# Fewer answers than this and a mean could single someone out: it stays hidden.
MIN_RATINGS = 3
# The bucket for attribute values held by fewer than MIN_RATINGS people.
OTHER_VALUES = "other"
NOT_GIVEN = "not given"
# Why someone is unpaired when no pairing run has said anything about them.
NOT_PAIRED_YET = "not paired yet"


# -- facts in ---------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    email: str
    name: str
    role: str
    status: str
    department: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PairFacts:
    """One stored pair and its sessions on or before the as-of date, summed."""

    mentor: str
    mentee: str
    paired_on: date
    round: int = 1
    status: str = "active"
    ended_on: date | None = None
    end_reason: str | None = None
    held: int = 0
    minutes: int = 0
    last_session: date | None = None
    topics: Sequence[str] = ()
    mentor_ratings: int = 0
    mentor_rating_total: int = 0
    mentee_ratings: int = 0
    mentee_rating_total: int = 0
    latest_notes: str | None = None
    latest_notes_on: date | None = None


@dataclass(frozen=True)
class TopicScores:
    """Check-in scores of one topic and phase, for one department, summed."""

    topic: str
    phase: str
    n: int
    total: float
    department: str | None = None


@dataclass(frozen=True)
class ReportFilters:
    department: str | None = None
    status: str | None = None
    round: int | None = None

    def as_dict(self) -> dict:
        return {
            "department": self.department,
            "status": self.status,
            "round": self.round,
        }

    def describe(self) -> str:
        parts = []
        if self.department:
            parts.append(f"department {self.department}")
        if self.round is not None:
            parts.append(f"round {self.round}")
        if self.status:
            parts.append(f"status {self.status}")
        return ", ".join(parts)


# -- report out -------------------------------------------------------------


@dataclass(frozen=True)
class ProgramInfo:
    name: str
    objectives: list[str]
    rules: list[str]
    topics: list[str]
    cadence_days: int
    session_minutes: int
    start: date | None
    end: date | None
    length_weeks: int
    week: int | None  # week of the program on the as-of date; None before it starts


@dataclass(frozen=True)
class RoleCounts:
    active: int = 0
    paused: int = 0
    left: int = 0

    @property
    def total(self) -> int:
        return self.active + self.paused + self.left


@dataclass(frozen=True)
class Rating:
    # None unless the answers come from at least MIN_RATINGS different people:
    # three ratings by one mentee would still single that mentee out.
    mean: float | None
    n: int
    raters: int = 0


@dataclass(frozen=True)
class Summary:
    participants: dict[str, RoleCounts]
    pairs_active: int
    pairs_ended: int
    mentees_paired: int
    active_mentees: int
    match_rate: float | None
    sessions_held: int
    sessions_expected: int
    minutes_held: int
    status_counts: dict[str, int]
    share_on_track: float | None
    mentor_rating: Rating
    mentee_rating: Rating
    mentors_active: int
    mentors_enrolled: int
    mentor_retention: float | None
    # attribute -> role -> value -> count of active participants
    attributes: dict[str, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class PairRow:
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    round: int
    paired_on: date
    held: int
    expected: int
    status: str
    last_session: date | None
    days_since_contact: int
    minutes: int
    topics_covered: list[str]
    ended_on: date | None
    end_reason: str | None
    latest_notes: str | None = None
    latest_notes_on: date | None = None


@dataclass(frozen=True)
class UnpairedRow:
    email: str
    name: str
    role: str
    reason: str


@dataclass(frozen=True)
class OutcomeRow:
    topic: str
    baseline_mean: float | None
    baseline_n: int
    midpoint_mean: float | None
    midpoint_n: int
    final_mean: float | None
    final_n: int
    change: float | None  # mean final - mean baseline; None unless both exist


@dataclass(frozen=True)
class Report:
    as_of: date
    filters: ReportFilters
    include_notes: bool
    program: ProgramInfo
    summary: Summary
    pairs: list[PairRow]
    unpaired: list[UnpairedRow]
    outcomes: list[OutcomeRow]
    # One sentence when there is no pair to show, saying why and what to do.
    pairs_note: str | None = None

    @property
    def rounds(self) -> list[int]:
        return sorted({p.round for p in self.pairs})

    def as_dict(self) -> dict:
        """JSON-ready, with stable keys; emails identify people."""
        return {
            "as_of": self.as_of.isoformat(),
            "filters": self.filters.as_dict(),
            "program": _program_dict(self.program),
            "summary": _summary_dict(self.summary),
            "pairs": [pair_dict(p, self.include_notes) for p in self.pairs],
            "unpaired": [
                {"email": u.email, "name": u.name, "role": u.role, "reason": u.reason}
                for u in self.unpaired
            ],
            "outcomes": [
                {
                    "topic": o.topic,
                    "baseline_mean": o.baseline_mean,
                    "baseline_n": o.baseline_n,
                    "midpoint_mean": o.midpoint_mean,
                    "midpoint_n": o.midpoint_n,
                    "final_mean": o.final_mean,
                    "final_n": o.final_n,
                    "change": o.change,
                }
                for o in self.outcomes
            ],
            "note": self.pairs_note,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _program_dict(p: ProgramInfo) -> dict:
    return {
        "name": p.name,
        "objectives": p.objectives,
        "rules": p.rules,
        "topics": p.topics,
        "cadence_days": p.cadence_days,
        "session_minutes": p.session_minutes,
        "start": _iso(p.start),
        "end": _iso(p.end),
        "length_weeks": p.length_weeks,
        "week": p.week,
    }


def _summary_dict(s: Summary) -> dict:
    return {
        "participants": {
            role: {
                "active": c.active,
                "paused": c.paused,
                "left": c.left,
                "total": c.total,
            }
            for role, c in s.participants.items()
        },
        "pairs": {
            "active": s.pairs_active,
            "ended": s.pairs_ended,
            "total": s.pairs_active + s.pairs_ended,
        },
        "match_rate": s.match_rate,
        "mentees_paired": s.mentees_paired,
        "active_mentees": s.active_mentees,
        "sessions": {
            "held": s.sessions_held,
            "expected": s.sessions_expected,
            "minutes": s.minutes_held,
        },
        "status_counts": dict(s.status_counts),
        "share_on_track": s.share_on_track,
        "ratings": {
            "mentor": {
                "mean": s.mentor_rating.mean,
                "n": s.mentor_rating.n,
                "people": s.mentor_rating.raters,
            },
            "mentee": {
                "mean": s.mentee_rating.mean,
                "n": s.mentee_rating.n,
                "people": s.mentee_rating.raters,
            },
        },
        "mentor_retention": s.mentor_retention,
        "mentors_active": s.mentors_active,
        "mentors_enrolled": s.mentors_enrolled,
        "attributes": s.attributes,
    }


def pair_dict(p: PairRow, include_notes: bool) -> dict:
    row = {
        "mentor": p.mentor,
        "mentor_name": p.mentor_name,
        "mentee": p.mentee,
        "mentee_name": p.mentee_name,
        "round": p.round,
        "paired_on": p.paired_on.isoformat(),
        "held": p.held,
        "expected": p.expected,
        "status": p.status,
        "last_session": _iso(p.last_session),
        "days_since_contact": p.days_since_contact,
        "minutes": p.minutes,
        "topics_covered": list(p.topics_covered),
        "ended_on": _iso(p.ended_on),
        "end_reason": p.end_reason,
    }
    if include_notes:
        row["latest_notes"] = (
            {"date": _iso(p.latest_notes_on), "text": p.latest_notes}
            if p.latest_notes
            else None
        )
    return row


# -- building ---------------------------------------------------------------


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _mean(total: float, n: int, digits: int = 2) -> float | None:
    return round(total / n, digits) if n else None


def program_info(program: Program, as_of: date) -> ProgramInfo:
    start = program.start
    end = start + timedelta(weeks=program.length_weeks) if start else None
    week = (as_of - start).days // 7 + 1 if start and as_of >= start else None
    return ProgramInfo(
        name=program.name,
        objectives=list(program.objectives),
        rules=list(program.rules),
        topics=list(program.topics),
        cadence_days=program.cadence_days,
        session_minutes=program.session_minutes,
        start=start,
        end=end,
        length_weeks=program.length_weeks,
        week=week,
    )


def _covered(topics: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for topic in topics:
        seen.setdefault(topic_key(topic), topic)
    return list(seen.values())


def _list(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _check_filters(
    filters: ReportFilters, people: Sequence[PersonFacts], rounds: set[int]
) -> None:
    if filters.department is not None:
        known = {_key(p.department): p.department for p in people if p.department}
        if _key(filters.department) not in known:
            names = sorted(known.values(), key=str.casefold)
            hint = (
                f"the departments are {_list(names)}"
                if names
                else "nobody has a department yet"
            )
            raise InvalidInput(
                f"No participant is in department {filters.department!r}; {hint}."
            )
    if filters.round is not None and filters.round not in rounds:
        if rounds:
            hint = "the rounds so far are " + ", ".join(str(r) for r in sorted(rounds))
        else:
            hint = "no pairs have been made yet"
        raise InvalidInput(f"There is no round {filters.round}; {hint}.")
    if filters.status is not None and filters.status not in rules.STATUSES:
        raise InvalidInput(
            f"status must be one of {', '.join(rules.STATUSES)}, not {filters.status!r}."
        )


def _attribute_counts(
    program: Program, people: Sequence[PersonFacts]
) -> dict[str, dict[str, dict[str, int]]]:
    """Active participants per value of each diversity attribute, by role."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for attribute in program.matching.diversity_attributes:
        wanted = _key(attribute)
        per_role: dict[str, dict[str, int]] = {role: {} for role in ROLES}
        for person in people:
            if person.status != ACTIVE or person.role not in per_role:
                continue
            value = next(
                (
                    str(v).strip()
                    for k, v in person.attributes.items()
                    if _key(k) == wanted and str(v).strip()
                ),
                NOT_GIVEN,
            )
            bucket = per_role[person.role]
            bucket[value] = bucket.get(value, 0) + 1
        counts[attribute] = {
            role: _merge_small_groups(values) for role, values in per_role.items()
        }
    return counts


def _merge_small_groups(values: dict[str, int]) -> dict[str, int]:
    """Values held by fewer than three people are counted together as "other",
    so a filtered report (one department, say) never names one person's value."""
    kept = {v: c for v, c in values.items() if c >= MIN_RATINGS}
    small = sum(c for c in values.values() if c < MIN_RATINGS)
    ordered = dict(sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])))
    if small:
        ordered[OTHER_VALUES] = small
    return ordered


def _outcomes(
    checkins: Sequence[TopicScores], department: str | None
) -> list[OutcomeRow]:
    sums: dict[str, dict[str, list[float]]] = {}
    names: dict[str, str] = {}
    for row in checkins:
        if department is not None and _key(row.department) != _key(department):
            continue
        key = topic_key(row.topic)
        names.setdefault(key, row.topic)
        phase = sums.setdefault(key, {}).setdefault(row.phase, [0, 0.0])
        phase[0] += row.n
        phase[1] += row.total
    outcomes = []
    for key, phases in sums.items():

        def mean_n(phase: str, phases=phases) -> tuple[float | None, int]:
            n, total = phases.get(phase, [0, 0.0])
            return _mean(total, int(n)), int(n)

        baseline, baseline_n = mean_n("baseline")
        midpoint, midpoint_n = mean_n("midpoint")
        final, final_n = mean_n("final")
        change = None
        if baseline_n and final_n:
            b_n, b_total = phases["baseline"]
            f_n, f_total = phases["final"]
            change = round(f_total / f_n - b_total / b_n, 2)
        outcomes.append(
            OutcomeRow(
                topic=names[key],
                baseline_mean=baseline,
                baseline_n=baseline_n,
                midpoint_mean=midpoint,
                midpoint_n=midpoint_n,
                final_mean=final,
                final_n=final_n,
                change=change,
            )
        )
    outcomes.sort(key=lambda o: o.topic.casefold())
    return outcomes


def _pairs_note(
    *,
    people: Sequence[PersonFacts],
    all_pairs: Sequence[PairFacts],
    existing: Sequence[PairFacts],
    filters: ReportFilters,
    as_of: date,
) -> str:
    if not people:
        return (
            "No participants yet: add them with `revmentor import ROSTER.yaml` "
            "or `revmentor enroll`, then run `revmentor pair`."
        )
    if not all_pairs:
        mentees = sum(1 for p in people if p.role == MENTEE and p.status == ACTIVE)
        mentors = sum(1 for p in people if p.role == MENTOR and p.status == ACTIVE)
        return (
            f"No pairs yet: run `revmentor pair` to pair the {mentees} active "
            f"mentee{'s' if mentees != 1 else ''} with the {mentors} active "
            f"mentor{'s' if mentors != 1 else ''}."
        )
    if not existing:
        first = min(p.paired_on for p in all_pairs)
        return (
            f"No pairs had been made by {as_of.isoformat()}; "
            f"the first was made on {first.isoformat()}."
        )
    return f"No pairs match the filters ({filters.describe()})."


def _unpaired(
    *,
    people: Sequence[PersonFacts],
    existing: Sequence[PairFacts],
    running: Sequence[PairFacts],
    reasons: Mapping[str, str],
    names: Mapping[str, str],
) -> list[UnpairedRow]:
    paired = {p.mentor for p in running} | {p.mentee for p in running}
    last_ended: dict[str, PairFacts] = {}
    for pair in existing:
        if pair.status != PAIR_ENDED:
            continue
        for email in (pair.mentor, pair.mentee):
            known = last_ended.get(email)
            if known is None or (pair.ended_on or pair.paired_on) >= (
                known.ended_on or known.paired_on
            ):
                last_ended[email] = pair
    rows = []
    for person in people:
        if person.status != ACTIVE or person.email in paired:
            continue
        reason = reasons.get(person.email)
        if not reason:
            ended = last_ended.get(person.email)
            if ended is not None:
                partner = ended.mentee if ended.mentor == person.email else ended.mentor
                when = f" on {ended.ended_on.isoformat()}" if ended.ended_on else ""
                why = f" ({ended.end_reason})" if ended.end_reason else ""
                reason = (
                    f"their pair with {names.get(partner, partner)} ended{when}{why}; "
                    "not paired again yet"
                )
            else:
                reason = NOT_PAIRED_YET
        rows.append(
            UnpairedRow(
                email=person.email, name=person.name, role=person.role, reason=reason
            )
        )
    rows.sort(key=lambda r: (r.role != MENTEE, r.name.casefold(), r.email))
    return rows


def build_report(
    *,
    program: Program,
    as_of: date,
    people: Sequence[PersonFacts],
    pairs: Sequence[PairFacts],
    unpaired_reasons: Mapping[str, str] | None = None,
    unpaired_reasons_on: date | None = None,
    checkins: Sequence[TopicScores] = (),
    filters: ReportFilters | None = None,
    include_notes: bool = False,
) -> Report:
    """The whole report for ``as_of``. Raises InvalidInput for a filter that
    names no department or round there is.

    ``unpaired_reasons`` (email -> why) come from the latest pairing run, made
    on ``unpaired_reasons_on``; a report as of an earlier day does not use them.
    """
    filters = filters or ReportFilters()
    cadence = program.cadence_days
    existing = [p for p in pairs if p.paired_on <= as_of]
    _check_filters(filters, people, {p.round for p in pairs})

    department = _key(filters.department) if filters.department else None
    in_scope = [
        p for p in people if department is None or _key(p.department) == department
    ]
    scope_emails = {p.email for p in in_scope}
    names = {p.email: p.name for p in people}
    running = [
        p
        for p in existing
        if not rules.ended_by(p.status == PAIR_ENDED, p.ended_on, as_of)
    ]

    # Pairs: status for each, then the filters.
    rows: list[PairRow] = []
    selected: list[PairFacts] = []
    for pair in existing:
        if department is not None and not (
            pair.mentor in scope_emails or pair.mentee in scope_emails
        ):
            continue
        if filters.round is not None and pair.round != filters.round:
            continue
        state = rules.progress(
            paired_on=pair.paired_on,
            as_of=as_of,
            cadence_days=cadence,
            held=pair.held,
            last_session=pair.last_session,
            ended=pair.status == PAIR_ENDED,
            ended_on=pair.ended_on,
        )
        if filters.status is not None and state.status != filters.status:
            continue
        selected.append(pair)
        ended_then = state.status == rules.ENDED
        rows.append(
            PairRow(
                mentor=pair.mentor,
                mentor_name=names.get(pair.mentor, pair.mentor),
                mentee=pair.mentee,
                mentee_name=names.get(pair.mentee, pair.mentee),
                round=pair.round,
                paired_on=pair.paired_on,
                held=state.held,
                expected=state.expected,
                status=state.status,
                last_session=state.last_session,
                days_since_contact=state.days_since_contact,
                minutes=pair.minutes,
                topics_covered=_covered(pair.topics),
                ended_on=pair.ended_on if ended_then else None,
                end_reason=pair.end_reason if ended_then else None,
                latest_notes=pair.latest_notes if include_notes else None,
                latest_notes_on=pair.latest_notes_on if include_notes else None,
            )
        )
    order = {status: i for i, status in enumerate(rules.STATUSES)}
    rows.sort(
        key=lambda r: (
            order[r.status],
            -r.round,
            r.mentor_name.casefold(),
            r.mentee_name.casefold(),
            r.mentor,
            r.mentee,
        )
    )

    status_counts = {status: 0 for status in rules.STATUSES}
    for row in rows:
        status_counts[row.status] += 1
    not_ended = len(rows) - status_counts[rules.ENDED]

    tallies = {role: dict.fromkeys(PARTICIPANT_STATUSES, 0) for role in ROLES}
    for person in in_scope:
        if person.role in tallies and person.status in PARTICIPANT_STATUSES:
            tallies[person.role][person.status] += 1
    participants = {
        role: RoleCounts(active=t[ACTIVE], paused=t[PAUSED], left=t[LEFT])
        for role, t in tallies.items()
    }

    running_mentees = {p.mentee for p in running}
    active_mentees = [p for p in in_scope if p.role == MENTEE and p.status == ACTIVE]
    mentees_paired = sum(1 for p in active_mentees if p.email in running_mentees)
    mentors = participants[MENTOR]

    def rating(counts: list[tuple[str, int, int]]) -> Rating:
        """``counts``: (who rated, how many ratings, their total) per pair."""
        n = sum(c for _, c, _ in counts)
        raters = len({who for who, c, _ in counts if c})
        total = sum(t for _, _, t in counts)
        mean = _mean(total, n) if raters >= MIN_RATINGS else None
        return Rating(mean=mean, n=n, raters=raters)

    summary = Summary(
        participants=participants,
        pairs_active=not_ended,
        pairs_ended=status_counts[rules.ENDED],
        mentees_paired=mentees_paired,
        active_mentees=len(active_mentees),
        match_rate=_ratio(mentees_paired, len(active_mentees)),
        sessions_held=sum(r.held for r in rows),
        sessions_expected=sum(r.expected for r in rows),
        minutes_held=sum(r.minutes for r in rows),
        status_counts=status_counts,
        share_on_track=_ratio(status_counts[rules.ON_TRACK], not_ended),
        mentor_rating=rating(
            [(p.mentor, p.mentor_ratings, p.mentor_rating_total) for p in selected]
        ),
        mentee_rating=rating(
            [(p.mentee, p.mentee_ratings, p.mentee_rating_total) for p in selected]
        ),
        mentors_active=mentors.active,
        mentors_enrolled=mentors.total,
        mentor_retention=_ratio(mentors.active, mentors.total),
        attributes=_attribute_counts(program, in_scope),
    )

    return Report(
        as_of=as_of,
        filters=filters,
        include_notes=include_notes,
        program=program_info(program, as_of),
        summary=summary,
        pairs=rows,
        unpaired=_unpaired(
            people=in_scope,
            existing=existing,
            running=running,
            reasons=(
                (unpaired_reasons or {})
                if unpaired_reasons_on is None or unpaired_reasons_on <= as_of
                else {}
            ),
            names=names,
        ),
        outcomes=_outcomes(checkins, filters.department),
        pairs_note=None
        if rows
        else _pairs_note(
            people=people,
            all_pairs=pairs,
            existing=existing,
            filters=filters,
            as_of=as_of,
        ),
    )
