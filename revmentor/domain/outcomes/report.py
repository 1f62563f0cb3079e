"""The program at a glance: the data of `revmentor report`, built from plain facts.

Pure: the store hands over what it loaded (``ReportFacts``: people, pairs with
their sessions already counted up to the as-of date, check-ins, the unpaired
reasons) and ``build_report`` returns one ``Report``. Every format reads that
model: JSON is ``Report.as_dict()`` (its field names are the JSON keys), the
terminal, CSV, Markdown and HTML writers only lay it out.

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
where every group shown has at least three people (``outcomes.MIN_PEOPLE``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, astuple, dataclass, fields, replace
from datetime import date
from typing import Any

from revmentor.domain import models
from revmentor.domain.models import ACTIVE, MENTEE, MENTOR, PAIR_ENDED, ROLES, Settings
from revmentor.domain.outcomes import outcomes
from revmentor.domain.outcomes.outcomes import CheckinFacts, OutcomeRow, value_counts
from revmentor.domain.pairing.reasons import private_unpaired
from revmentor.domain.people.org import unknown_manager_count, unknown_manager_note
from revmentor.domain.sessions import progress as rules
from revmentor.domain.sessions.goals import GoalCounts, count_goals
from revmentor.domain.text import plural
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput

# Why someone is unpaired when no pairing run has said anything about them.
NOT_PAIRED_YET = "not paired yet"


# -- facts in ---------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    date: date
    text: str

    def __str__(self) -> str:
        return f"{self.date}: {self.text}"


@dataclass(frozen=True)
class PairFacts:
    """One stored pair and its sessions on or before the as-of date."""

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
    mentor_ratings: int = 0
    mentor_rating_total: int = 0
    mentee_ratings: int = 0
    mentee_rating_total: int = 0
    # the topics of each session, in the order they were held
    session_topics: Sequence[Sequence[str]] = ()
    # each goal set on or before the as-of date (its due, done_on, dropped_on)
    goals: Sequence[Any] = ()
    latest_notes: Note | None = None


@dataclass
class ReportFacts:
    program: Settings
    people: list[models.Participant]  # as stored: the fields the report reads
    pairs: list[PairFacts]
    checkins: list[CheckinFacts]
    # From the latest pairing run; none when it ran after the as-of day.
    unpaired_reasons: dict[str, str]
    org: dict[str, str | None]  # the org chart: email -> manager


# -- the report: its field names are the JSON keys ----------------------------


@dataclass(frozen=True)
class Filters:
    department: str | None = None
    status: str | None = None
    round: int | None = None

    def describe(self) -> str:
        named = dict(department=self.department, round=self.round, status=self.status)
        return ", ".join(f"{k} {v}" for k, v in named.items() if v is not None)


@dataclass(frozen=True)
class ProgramInfo:
    name: str
    objectives: list[str]
    rules: list[str]
    topics: list[str]
    statements: list[str]
    cadence_days: int
    session_minutes: int
    start: date | None
    end: date | None
    length_weeks: int
    # week of the program on the as-of date; None before it starts and after it ends
    week: int | None


@dataclass(frozen=True)
class Rating:
    # None unless the answers come from at least three different people:
    # three ratings by one mentee would still single that mentee out.
    mean: float | None
    n: int
    people: int


@dataclass(frozen=True)
class Summary:
    participants: dict[str, dict[str, int]]  # role -> active, paused, left, total
    pairs: dict[str, int]  # active (not ended), ended, total
    match_rate: float | None
    mentees_paired: int
    active_mentees: int
    sessions: dict[str, int]  # held, expected, minutes
    status_counts: dict[str, int]
    share_on_track: float | None
    ratings: dict[str, Rating]  # by the mentors, by the mentees
    mentor_retention: float | None
    retention: outcomes.Retention
    # attribute -> role -> group -> active participants; {} for a role when no
    # grouping keeps every group at three people or more
    attributes: dict[str, dict[str, dict[str, int]]]
    # The selected pairs' goals; None when they belong to fewer than 3 people.
    goals: GoalCounts | None


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
    goals: GoalCounts
    latest_notes: Note | None  # only with include_notes


@dataclass(frozen=True)
class UnpairedRow:
    email: str
    name: str
    role: str
    reason: str


@dataclass(frozen=True)
class TopicRow:
    """How many sessions covered a topic across the program, in how many pairs."""

    topic: str
    sessions: int
    pairs: int


@dataclass(frozen=True)
class Report:
    as_of: date
    filters: Filters
    program: ProgramInfo
    summary: Summary
    pairs: list[PairRow]
    unpaired: list[UnpairedRow]
    outcomes: list[OutcomeRow]
    statements: list[OutcomeRow]
    topics: list[TopicRow]
    # One sentence when there is no pair to show, saying why and what to do.
    note: str | None
    # Sentences that qualify the whole report (reporting lines not checkable).
    warnings: list[str]
    include_notes: bool = False

    @property
    def has_goals(self) -> bool:
        return any(p.goals.set for p in self.pairs)

    def as_dict(self) -> dict:
        """JSON-ready (dates aside), with stable keys; emails identify people."""
        data = asdict(self)
        del data["include_notes"]
        if not self.include_notes:
            for pair in data["pairs"]:
                del pair["latest_notes"]
        return data


# -- building -----------------------------------------------------------------


def _in(department: str | None, text: str | None) -> bool:
    """Whether ``text`` names the department (its topic_key), or there is no filter."""
    return department is None or topic_key(text or "") == department


def _check_filters(
    filters: Filters, people: list[models.Participant], rounds: set[int]
) -> None:
    known = {topic_key(p.department): p.department for p in people if p.department}
    if filters.department is not None and topic_key(filters.department) not in known:
        names = sorted(known.values(), key=str.casefold)
        more = f" and {len(names) - 12} more" if len(names) > 12 else ""
        hint = f"the departments are {', '.join(names[:12])}{more}"
        raise InvalidInput(
            f"No participant is in department {filters.department!r}; "
            f"{hint if names else 'nobody has a department yet'}."
        )
    if filters.round is not None and filters.round not in rounds:
        hint = "the rounds so far are " + ", ".join(map(str, sorted(rounds)))
        raise InvalidInput(
            f"There is no round {filters.round}; {hint if rounds else 'no pairs have been made yet'}."
        )


def _program(program: Settings, as_of: date) -> ProgramInfo:
    # Settings has no week: None unless the program is running on the as-of day.
    info: dict[str, Any] = {
        f.name: getattr(program, f.name, None) for f in fields(ProgramInfo)
    }
    if program.start and program.start <= as_of < (program.end or date.max):
        info["week"] = (as_of - program.start).days // 7 + 1
    return ProgramInfo(**info)


def _covered(pair: PairFacts) -> dict[str, list]:
    """topic key -> [first spelling, sessions covering it], in the order the
    pair first covered each topic."""
    covered: dict[str, list] = {}
    for topics in pair.session_topics:
        spelled = {topic_key(t): t for t in reversed(topics)}  # its first spelling
        for key in dict.fromkeys(map(topic_key, topics)):  # once a session each
            covered.setdefault(key, [spelled[key], 0])[1] += 1
    return covered


def _pair_row(
    pair: PairFacts, state: rules.Progress, names: dict, as_of: date, notes: bool
) -> PairRow:
    ended = state.status == rules.ENDED
    return PairRow(
        **vars(state),
        **{key: getattr(pair, key) for key in ("mentor", "mentee", "round")},
        **{key: getattr(pair, key) for key in ("paired_on", "minutes")},
        mentor_name=names.get(pair.mentor, pair.mentor),
        mentee_name=names.get(pair.mentee, pair.mentee),
        topics_covered=[topic for topic, _ in _covered(pair).values()],
        ended_on=pair.ended_on if ended else None,
        end_reason=pair.end_reason if ended and notes else None,
        goals=count_goals(pair.goals, as_of),
        latest_notes=pair.latest_notes if notes else None,
    )


def _raters(pairs: Sequence[PairFacts], role: str) -> int:
    return len({getattr(p, role) for p in pairs if getattr(p, f"{role}_ratings")})


def _rating(pairs: list[PairFacts], role: str, left_out: Sequence[PairFacts]) -> Rating:
    """How ``role`` rated their sessions in ``pairs``; not when the pairs a
    filter leaves out were rated by one or two people (the difference of the
    two reports would be theirs)."""
    n = sum(getattr(p, f"{role}_ratings") for p in pairs)
    people, others = _raters(pairs, role), _raters(left_out, role)
    total = sum(getattr(p, f"{role}_rating_total") for p in pairs)
    shown = people if not 0 < others < outcomes.MIN_PEOPLE else 0
    return Rating(outcomes.mean_if_enough(total, n, shown), n, people)


def _summary(
    facts: ReportFacts, people: list, rows: list, chosen, left_out, running, as_of: date
) -> Summary:
    """The figures of ``people`` (those the department filter keeps) and of
    ``rows`` (the ``chosen`` pairs; ``left_out``: those the filters leave out);
    ``running``: every pair not ended."""
    counts = Counter(row.status for row in rows)
    not_ended = len(rows) - counts[rules.ENDED]
    # role -> the active participants of that role
    active = {
        r: [p for p in people if p.status == ACTIVE and p.role == r] for r in ROLES
    }
    paired = len({p.email for p in active[MENTEE]} & {p.mentee for p in running})
    participants = {}
    for role in ROLES:
        c = Counter(p.status for p in people if p.role == role)
        participants[role] = {k: c[k] for k in ("active", "paused", "left")}
        participants[role]["total"] = c.total()
    attributes = facts.program.matching.diversity_attributes
    # Organization retention means something once someone in the program is
    # recorded as leaving it (`people leave --left-organization`).
    recorded = any(p.left_organisation_on for p in facts.people)
    kept = outcomes.retention(people, as_of, attributes, recorded)
    # A breakdown is shown only when the people a filter leaves out are none or
    # three: else the filtered and the whole one would tell theirs.
    outside = Counter(p.role for p in facts.people) - Counter(p.role for p in people)
    hide = {role: 0 < outside[role] < outcomes.MIN_PEOPLE for role in ROLES}
    if hide[MENTOR]:
        kept = replace(kept, by_attribute={})
    # One pair's goal totals would be that pair's own: shown from three people.
    goal_people = {r.mentor for r in rows} | {r.mentee for r in rows}
    goals = GoalCounts(*map(sum, zip(*(astuple(r.goals) for r in rows), strict=False)))
    return Summary(
        participants=participants,
        pairs={"active": not_ended, "ended": counts[rules.ENDED], "total": len(rows)},
        match_rate=outcomes.ratio(paired, len(active[MENTEE])),
        mentees_paired=paired,
        active_mentees=len(active[MENTEE]),
        sessions={
            key: sum(getattr(r, key) for r in rows)
            for key in ("held", "expected", "minutes")
        },
        status_counts={status: counts[status] for status in rules.STATUSES},
        share_on_track=outcomes.ratio(counts[rules.ON_TRACK], not_ended),
        ratings={role: _rating(chosen, role, left_out) for role in ROLES},
        mentor_retention=kept.in_program_rate,
        retention=kept,
        attributes={
            a: {r: {} if hide[r] else value_counts(active[r], a) for r in ROLES}
            for a in attributes
        },
        goals=goals if len(goal_people) >= outcomes.MIN_PEOPLE else None,
    )


def _pairs_note(
    facts: ReportFacts, existing: list[PairFacts], filters: Filters, as_of: date
) -> str:
    if not facts.people:
        return (
            "No participants yet: add them with `revmentor import ROSTER.yaml` "
            "or `revmentor enroll`, then run `revmentor pair`."
        )
    if not facts.pairs:
        active = Counter(p.role for p in facts.people if p.status == ACTIVE)
        return (
            f"No pairs yet: run `revmentor pair` to pair the {plural(active[MENTEE], 'active mentee')} "
            f"with the {plural(active[MENTOR], 'active mentor')}."
        )
    if not existing:
        first = min(p.paired_on for p in facts.pairs)
        return f"No pairs had been made by {as_of}; the first was made on {first}."
    return f"No pairs match the filters ({filters.describe()})."


def _unpaired(
    people: list, existing: list, running: list, facts: ReportFacts, notes: bool
) -> list[UnpairedRow]:
    names = {p.email: p.name for p in facts.people}
    paired = {p.mentor for p in running} | {p.mentee for p in running}
    last_ended: dict[str, PairFacts] = {}  # email -> the pair of theirs that ended last
    ended = [p for p in existing if p.status == PAIR_ENDED]
    for pair in sorted(ended, key=lambda p: p.ended_on or p.paired_on):
        last_ended[pair.mentor] = last_ended[pair.mentee] = pair
    rows = []
    for person in people:
        if person.status != ACTIVE or person.email in paired:
            continue
        reason = facts.unpaired_reasons.get(person.email)
        pair = last_ended.get(person.email)
        if not reason and pair is not None:
            partner = pair.mentee if pair.mentor == person.email else pair.mentor
            when = f" on {pair.ended_on}" if pair.ended_on else ""
            # The end reason is the coordinator's note: only with include_notes.
            why = f" ({pair.end_reason})" if pair.end_reason and notes else ""
            reason = f"their pair with {names.get(partner, partner)} ended{when}{why}; not paired again yet"
        reason = reason or NOT_PAIRED_YET
        # A private reason is counted, not named (see text.unpaired_lines).
        hidden = private_unpaired(reason)
        email, name = ("", "") if hidden else (person.email, person.name)
        rows.append(UnpairedRow(email, name, person.role, reason))
    return sorted(rows, key=lambda r: (r.role != MENTEE, r.name.casefold(), r.email))


def _topics(chosen: list[PairFacts], catalogue: Sequence[str]) -> list[TopicRow]:
    """Sessions per topic across the selected pairs, most covered first; a
    topic is named as the catalogue spells it, else as first written."""
    names = {topic_key(t): t for t in catalogue}
    sessions, pairs = Counter[str](), Counter[str]()
    for pair in chosen:
        for key, (topic, count) in _covered(pair).items():
            names.setdefault(key, topic)
            sessions[key] += count
            pairs[key] += 1
    rows = [TopicRow(names[key], n, pairs[key]) for key, n in sessions.items()]
    return sorted(rows, key=lambda t: (-t.sessions, t.topic.casefold()))


def _outcomes(
    facts: ReportFacts, department: str | None
) -> tuple[list[OutcomeRow], list[OutcomeRow]]:
    """(topic outcomes, statement outcomes) from the check-ins in scope."""
    statements = {topic_key(s): s for s in facts.program.statements}
    topics: dict[str, str] = {}
    # (on a statement?, kept by the filter?) -> check-ins
    said: dict[tuple[bool, bool], list[CheckinFacts]] = {}
    for c in facts.checkins:
        kept = _in(department, c.department)
        if kept:
            topics.setdefault(topic_key(c.topic), c.topic)
        said.setdefault((topic_key(c.topic) in statements, kept), []).append(c)
    return tuple(  # type: ignore[return-value]
        outcomes.outcome_rows(
            said.get((on, True), []), names, said.get((on, False), [])
        )
        for on, names in ((False, topics), (True, statements))
    )


def _order(row: PairRow) -> tuple:
    """Those needing help first, the latest round first, then by name."""
    names = row.mentor_name.casefold(), row.mentee_name.casefold()
    return rules.STATUSES.index(row.status), -row.round, *names, row.mentor, row.mentee


def build_report(
    facts: ReportFacts, as_of: date, filters: Filters, include_notes: bool = False
) -> Report:
    """The whole report for ``as_of``. Raises InvalidInput for a filter that
    names no department or round there is."""
    _check_filters(filters, facts.people, {p.round for p in facts.pairs})
    department = topic_key(filters.department) if filters.department else None
    people = [p for p in facts.people if _in(department, p.department)]
    emails = {p.email for p in people}
    names = {p.email: p.name for p in facts.people}
    existing = [p for p in facts.pairs if p.paired_on <= as_of]
    running, chosen, left_out, rows = [], [], [], []
    cadence, end = facts.program.cadence_days, facts.program.end
    for pair in existing:
        state = rules.progress(pair, as_of, cadence, pair.held, pair.last_session, end)
        if state.status != rules.ENDED:
            running.append(pair)
        if (
            (department is not None and not {pair.mentor, pair.mentee} & emails)
            or (filters.round is not None and pair.round != filters.round)
            or (filters.status is not None and state.status != filters.status)
        ):
            left_out.append(pair)
            continue
        chosen.append(pair)
        rows.append(_pair_row(pair, state, names, as_of, include_notes))
    rows.sort(key=_order)
    warning = unknown_manager_note(unknown_manager_count(facts.people, facts.org))
    topic_rows, statements = _outcomes(facts, department)
    return Report(
        as_of=as_of,
        filters=filters,
        program=_program(facts.program, as_of),
        summary=_summary(facts, people, rows, chosen, left_out, running, as_of),
        pairs=rows,
        unpaired=_unpaired(people, existing, running, facts, include_notes),
        outcomes=topic_rows,
        statements=statements,
        topics=_topics(chosen, facts.program.topics),
        note=None if rows else _pairs_note(facts, existing, filters, as_of),
        warnings=[warning] if warning else [],
        include_notes=include_notes,
    )
