"""The program at a glance: the data of `revmentor report`, built from plain facts.

Pure: the store hands over what it loaded (people, pairs with their sessions
already counted up to the as-of date, the unpaired reasons, check-ins) and
``build_report`` returns a typed ``Report``; renderers turn it into a terminal
view, JSON, CSV, Markdown or HTML.

What the filters mean:

- ``department`` keeps the people of that department, and the pairs in which
  the mentor or the mentee belongs to it; participant figures, match rate,
  retention, attribute counts, the unpaired and outcomes follow it too;
- ``round`` and ``status`` only select pairs, so they change the pair figures
  (pairs, sessions, share on track, ratings, goals, topics) and not the
  participant figures.

Pairs made after the as-of date did not exist yet and are left out; a pair that
ended after it was still running then. Participants are counted as they are now;
retention as they were on the as-of date.

Privacy: session notes, end reasons and goals' words only with
``include_notes``; anything computed from people's answers or attributes
(ratings, outcome means, attribute and retention breakdowns, goal totals) only
where every group shown has at least three people (``domain/small_groups.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from revmentor.domain import progress as rules
from revmentor.domain.goals import GoalCounts
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
from revmentor.domain.org import unknown_manager_count, unknown_manager_note
from revmentor.domain.outcomes import CheckinFacts, OutcomeRow, build_outcomes
from revmentor.domain.progress import GoalFacts, add_goal_counts, goal_counts
from revmentor.domain.retention import Retention, build_retention
from revmentor.domain.small_groups import (
    MIN_PEOPLE,
    attribute_value,
    enough_people,
    mean_if_enough,
    merged_counts,
)
from revmentor.domain.text import plural
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput

# Kept under its first name: ratings were the first figures behind the rule.
MIN_RATINGS = MIN_PEOPLE
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
    enrolled_on: date | None = None
    left_on: date | None = None
    # Whether a person who left also left the organisation; None: not recorded.
    left_organisation: bool | None = None
    manager: str | None = None  # email; read only to see whose line is unknown


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
    # topic (as first written by the pair) -> sessions of the pair covering it
    topic_sessions: Mapping[str, int] = field(default_factory=dict)
    mentor_ratings: int = 0
    mentor_rating_total: int = 0
    mentee_ratings: int = 0
    mentee_rating_total: int = 0
    latest_notes: str | None = None
    latest_notes_on: date | None = None
    goals: Sequence[GoalFacts] = ()


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
    statements: list[str] = field(default_factory=list)


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
    # None unless the answers come from at least MIN_PEOPLE different people:
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
    retention: Retention
    # attribute -> role -> shown group -> count of active participants; a role
    # maps to {} when no breakdown keeps every group at three people or more
    attributes: dict[str, dict[str, dict[str, int]]]
    # The selected pairs' goals; None when they belong to fewer than 3 people.
    goals: GoalCounts | None = None


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
    end_reason: str | None  # only with include_notes
    latest_notes: str | None = None
    latest_notes_on: date | None = None
    goals: GoalCounts = GoalCounts()


@dataclass(frozen=True)
class UnpairedRow:
    email: str
    name: str
    role: str
    reason: str


@dataclass(frozen=True)
class TopicSessions:
    """How many sessions covered a topic across the program, in how many pairs."""

    topic: str
    sessions: int
    pairs: int


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
    statements: list[OutcomeRow] = field(default_factory=list)
    topic_sessions: list[TopicSessions] = field(default_factory=list)
    # Sentences about the program as a whole that qualify what the report
    # shows, e.g. reporting lines that cannot be checked.
    warnings: list[str] = field(default_factory=list)

    @property
    def rounds(self) -> list[int]:
        return sorted({p.round for p in self.pairs})

    @cached_property
    def has_goals(self) -> bool:
        return any(p.goals.set for p in self.pairs)

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
            "outcomes": [o.as_dict() for o in self.outcomes],
            "statements": [o.as_dict() for o in self.statements],
            "topics": [
                {"topic": t.topic, "sessions": t.sessions, "pairs": t.pairs}
                for t in self.topic_sessions
            ],
            "note": self.pairs_note,
            "warnings": list(self.warnings),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _program_dict(p: ProgramInfo) -> dict:
    return {
        "name": p.name,
        "objectives": p.objectives,
        "rules": p.rules,
        "topics": p.topics,
        "statements": p.statements,
        "cadence_days": p.cadence_days,
        "session_minutes": p.session_minutes,
        "start": _iso(p.start),
        "end": _iso(p.end),
        "length_weeks": p.length_weeks,
        "week": p.week,
    }


def _goals_dict(goals: GoalCounts | None) -> dict | None:
    if goals is None:
        return None
    return {
        "set": goals.set,
        "reached": goals.reached,
        "open": goals.open,
        "overdue": goals.overdue,
        "dropped": goals.dropped,
    }


def _rating_dict(rating: Rating) -> dict:
    return {"mean": rating.mean, "n": rating.n, "people": rating.raters}


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
            "mentor": _rating_dict(s.mentor_rating),
            "mentee": _rating_dict(s.mentee_rating),
        },
        "mentor_retention": s.retention.program_rate,
        "retention": s.retention.as_dict(),
        "attributes": s.attributes,
        "goals": _goals_dict(s.goals),
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
        "end_reason": p.end_reason if include_notes else None,
        "goals": _goals_dict(p.goals),
    }
    if include_notes:
        row["latest_notes"] = (
            {"date": _iso(p.latest_notes_on), "text": p.latest_notes}
            if p.latest_notes
            else None
        )
    return row


# -- building: small helpers ---------------------------------------------------


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


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
        statements=list(program.statements),
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


# -- building: one step per part of the report ---------------------------------


@dataclass(frozen=True)
class _Scope:
    """Who and which pairs the report is about, once the filters are applied."""

    department: str | None  # normalised with _key
    people: list[PersonFacts]
    emails: set[str]
    names: dict[str, str]
    existing: list[PairFacts]  # made on or before the as-of day
    running: list[PairFacts]  # existing and not ended on the as-of day


def _scope(
    filters: ReportFilters,
    people: Sequence[PersonFacts],
    pairs: Sequence[PairFacts],
    as_of: date,
) -> _Scope:
    department = _key(filters.department) if filters.department else None
    in_scope = [
        p for p in people if department is None or _key(p.department) == department
    ]
    existing = [p for p in pairs if p.paired_on <= as_of]
    return _Scope(
        department=department,
        people=in_scope,
        emails={p.email for p in in_scope},
        names={p.email: p.name for p in people},
        existing=existing,
        running=[
            p
            for p in existing
            if not rules.ended_by(p.status == PAIR_ENDED, p.ended_on, as_of)
        ],
    )


def _pair_row(
    pair: PairFacts, state: rules.Progress, scope: _Scope, as_of: date, notes: bool
) -> PairRow:
    ended_then = state.status == rules.ENDED
    return PairRow(
        mentor=pair.mentor,
        mentor_name=scope.names.get(pair.mentor, pair.mentor),
        mentee=pair.mentee,
        mentee_name=scope.names.get(pair.mentee, pair.mentee),
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
        end_reason=pair.end_reason if ended_then and notes else None,
        latest_notes=pair.latest_notes if notes else None,
        latest_notes_on=pair.latest_notes_on if notes else None,
        goals=goal_counts(pair.goals, as_of),
    )


def _pair_rows(
    scope: _Scope,
    filters: ReportFilters,
    *,
    as_of: date,
    cadence: int,
    include_notes: bool,
) -> tuple[list[PairRow], list[PairFacts]]:
    """The selected pairs as rows (those needing help first) and as facts."""
    rows: list[PairRow] = []
    selected: list[PairFacts] = []
    for pair in scope.existing:
        if scope.department is not None and not (
            pair.mentor in scope.emails or pair.mentee in scope.emails
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
        rows.append(_pair_row(pair, state, scope, as_of, include_notes))
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
    return rows, selected


def _participant_counts(people: Sequence[PersonFacts]) -> dict[str, RoleCounts]:
    tallies = {role: dict.fromkeys(PARTICIPANT_STATUSES, 0) for role in ROLES}
    for person in people:
        if person.role in tallies and person.status in PARTICIPANT_STATUSES:
            tallies[person.role][person.status] += 1
    return {
        role: RoleCounts(active=t[ACTIVE], paused=t[PAUSED], left=t[LEFT])
        for role, t in tallies.items()
    }


def _attribute_counts(
    attributes: Sequence[str], people: Sequence[PersonFacts]
) -> dict[str, dict[str, dict[str, int]]]:
    """Active participants per value of each diversity attribute, by role,
    regrouped so that every group shown has at least three people."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for attribute in attributes:
        per_role: dict[str, dict[str, int]] = {role: {} for role in ROLES}
        for person in people:
            if person.status != ACTIVE or person.role not in per_role:
                continue
            value = attribute_value(person.attributes, attribute)
            bucket = per_role[person.role]
            bucket[value] = bucket.get(value, 0) + 1
        counts[attribute] = {
            role: merged_counts(values) for role, values in per_role.items()
        }
    return counts


def _rating(counts: list[tuple[str, int, int]]) -> Rating:
    """``counts``: (who rated, how many ratings, their total) per pair."""
    n = sum(c for _, c, _ in counts)
    raters = len({who for who, c, _ in counts if c})
    total = sum(t for _, _, t in counts)
    return Rating(mean=mean_if_enough(total, n, raters), n=n, raters=raters)


def _goal_totals(rows: Sequence[PairRow]) -> GoalCounts | None:
    """The goals of the pairs shown, when they belong to three people or more
    (one pair's totals would be that pair's own)."""
    people = {p.mentor for p in rows} | {p.mentee for p in rows}
    if not enough_people(len(people)):
        return None
    return add_goal_counts(row.goals for row in rows)


def _summary(
    *,
    program: Program,
    scope: _Scope,
    rows: list[PairRow],
    selected: list[PairFacts],
    as_of: date,
    organisation_recorded: bool,
) -> Summary:
    status_counts = {status: 0 for status in rules.STATUSES}
    for row in rows:
        status_counts[row.status] += 1
    not_ended = len(rows) - status_counts[rules.ENDED]
    running_mentees = {p.mentee for p in scope.running}
    active_mentees = [
        p for p in scope.people if p.role == MENTEE and p.status == ACTIVE
    ]
    mentees_paired = sum(1 for p in active_mentees if p.email in running_mentees)
    attributes = program.matching.diversity_attributes
    return Summary(
        participants=_participant_counts(scope.people),
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
        mentor_rating=_rating(
            [(p.mentor, p.mentor_ratings, p.mentor_rating_total) for p in selected]
        ),
        mentee_rating=_rating(
            [(p.mentee, p.mentee_ratings, p.mentee_rating_total) for p in selected]
        ),
        retention=build_retention(
            scope.people,
            as_of=as_of,
            attributes=attributes,
            organisation_recorded=organisation_recorded,
        ),
        attributes=_attribute_counts(attributes, scope.people),
        goals=_goal_totals(rows),
    )


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
            f"No pairs yet: run `revmentor pair` to pair the "
            f"{plural(mentees, 'active mentee')} with the "
            f"{plural(mentors, 'active mentor')}."
        )
    if not existing:
        first = min(p.paired_on for p in all_pairs)
        return (
            f"No pairs had been made by {as_of.isoformat()}; "
            f"the first was made on {first.isoformat()}."
        )
    return f"No pairs match the filters ({filters.describe()})."


def _last_ended(existing: Sequence[PairFacts]) -> dict[str, PairFacts]:
    """email -> the pair of theirs that ended last."""
    last: dict[str, PairFacts] = {}
    for pair in existing:
        if pair.status != PAIR_ENDED:
            continue
        for email in (pair.mentor, pair.mentee):
            known = last.get(email)
            if known is None or (pair.ended_on or pair.paired_on) >= (
                known.ended_on or known.paired_on
            ):
                last[email] = pair
    return last


def ended_pair_reason(
    partner_name: str,
    ended_on: date | None,
    end_reason: str | None,
    include_notes: bool,
) -> str:
    """Why someone whose pair ended is unpaired; the end reason is the
    coordinator's note, so it is given only with ``include_notes``."""
    when = f" on {ended_on.isoformat()}" if ended_on else ""
    why = f" ({end_reason})" if end_reason and include_notes else ""
    return f"their pair with {partner_name} ended{when}{why}; not paired again yet"


def _unpaired(
    scope: _Scope, reasons: Mapping[str, str], include_notes: bool
) -> list[UnpairedRow]:
    paired = {p.mentor for p in scope.running} | {p.mentee for p in scope.running}
    last_ended = _last_ended(scope.existing)
    rows = []
    for person in scope.people:
        if person.status != ACTIVE or person.email in paired:
            continue
        reason = reasons.get(person.email)
        ended = last_ended.get(person.email)
        if not reason and ended is not None:
            partner = ended.mentee if ended.mentor == person.email else ended.mentor
            reason = ended_pair_reason(
                scope.names.get(partner, partner),
                ended.ended_on,
                ended.end_reason,
                include_notes,
            )
        rows.append(
            UnpairedRow(
                email=person.email,
                name=person.name,
                role=person.role,
                reason=reason or NOT_PAIRED_YET,
            )
        )
    rows.sort(key=lambda r: (r.role != MENTEE, r.name.casefold(), r.email))
    return rows


def _topic_sessions(
    selected: Sequence[PairFacts], catalogue: Sequence[str]
) -> list[TopicSessions]:
    """Sessions per topic across the selected pairs, most covered first; a
    topic is named as the catalogue spells it, else as first written."""
    names = {topic_key(t): t for t in catalogue}
    sessions: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for pair in selected:
        for topic, count in pair.topic_sessions.items():
            key = topic_key(topic)
            names.setdefault(key, topic)
            sessions[key] = sessions.get(key, 0) + count
            pairs[key] = pairs.get(key, 0) + 1
    rows = [
        TopicSessions(topic=names[key], sessions=n, pairs=pairs[key])
        for key, n in sessions.items()
    ]
    rows.sort(key=lambda t: (-t.sessions, t.topic.casefold()))
    return rows


def _checkins_in_scope(
    checkins: Sequence[CheckinFacts], department: str | None
) -> list[CheckinFacts]:
    if department is None:
        return list(checkins)
    return [c for c in checkins if _key(c.department) == department]


def build_report(
    *,
    program: Program,
    as_of: date,
    people: Sequence[PersonFacts],
    pairs: Sequence[PairFacts],
    unpaired_reasons: Mapping[str, str] | None = None,
    unpaired_reasons_on: date | None = None,
    checkins: Sequence[CheckinFacts] = (),
    filters: ReportFilters | None = None,
    include_notes: bool = False,
    organisation_recorded: bool = False,
    org: Mapping[str, str | None] | None = None,
) -> Report:
    """The whole report for ``as_of``. Raises InvalidInput for a filter that
    names no department or round there is.

    ``unpaired_reasons`` (email -> why) come from the latest pairing run, made
    on ``unpaired_reasons_on``; a report as of an earlier day does not use them.
    ``organisation_recorded`` says whether people who left are marked as having
    left the organisation too (else retention in the organisation is unknown).
    ``org`` (email -> manager) is the org chart around the program: with it the
    report says how many people have a manager nobody knows.
    """
    filters = filters or ReportFilters()
    _check_filters(filters, people, {p.round for p in pairs})
    scope = _scope(filters, people, pairs, as_of)
    rows, selected = _pair_rows(
        scope,
        filters,
        as_of=as_of,
        cadence=program.cadence_days,
        include_notes=include_notes,
    )
    reasons_apply = unpaired_reasons_on is None or unpaired_reasons_on <= as_of
    info = program_info(program, as_of)
    outcomes, statements = build_outcomes(
        _checkins_in_scope(checkins, scope.department), info.statements
    )
    return Report(
        as_of=as_of,
        filters=filters,
        include_notes=include_notes,
        program=info,
        summary=_summary(
            program=program,
            scope=scope,
            rows=rows,
            selected=selected,
            as_of=as_of,
            organisation_recorded=organisation_recorded,
        ),
        pairs=rows,
        unpaired=_unpaired(
            scope,
            (unpaired_reasons or {}) if reasons_apply else {},
            include_notes,
        ),
        outcomes=outcomes,
        statements=statements,
        topic_sessions=_topic_sessions(selected, program.topics),
        pairs_note=None
        if rows
        else _pairs_note(
            people=people,
            all_pairs=pairs,
            existing=scope.existing,
            filters=filters,
            as_of=as_of,
        ),
        warnings=_warnings(people, org or {}),
    )


def _warnings(
    people: Sequence[PersonFacts], org: Mapping[str, str | None]
) -> list[str]:
    note = unknown_manager_note(unknown_manager_count(people, org))
    return [note] if note else []
