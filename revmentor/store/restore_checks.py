"""What each table's rows must satisfy to be restored from a backup.

Every row goes through the same domain rule set as every other way in (enroll,
import, log, checkin). To back up a new table, add it to ``BACKUP_TABLES`` in
``store/backup.py`` with a row check here (or in the table's own store module):
a function ``(row, state) -> None`` that turns the stored row into the domain
record, calls the record's rules, raises ``InvalidInput`` with a lower-case
sentence, and records in ``state`` what later tables need to check against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revmentor.domain import program, validation
from revmentor.domain.messages import messages
from revmentor.domain.models import PAIR_ACTIVE, Participant
from revmentor.domain.outcomes.digest import PAYLOADS
from revmentor.domain.pairing.pair_rules import PairRuleKind, check_rule_people
from revmentor.domain.pairing.pairs import check_one_active_pair, check_pair_record
from revmentor.domain.people import people
from revmentor.domain.people.org import find_loops, manager_loops
from revmentor.domain.people.participant_record import new_org_person
from revmentor.domain.sessions import checkins, goals, sessions
from revmentor.errors import InvalidInput, refusing
from revmentor.store.people.org import refuse_loops
from revmentor.store.rows import decoded


@dataclass
class RestoreState:
    """What the rows restored so far hold, for the rules of later rows."""

    today: date
    people: dict[object, Participant] = field(default_factory=dict)
    # pair id -> its paired_on and ended_on, which its sessions and goals fit in
    pairs: dict[object, dict[str, date | None]] = field(default_factory=dict)
    active_mentor_of: dict[str, str] = field(default_factory=dict)
    org_manager_of: dict[str, str | None] = field(default_factory=dict)


def _day(value: object, what: str) -> date | None:
    return None if value is None else validation.parse_date(value, what)


def person_of(state: RestoreState, person_id: object, what: str) -> Participant:
    return _restored(state.people, person_id, what, "participants")


def pair_of(state: RestoreState, pair_id: object) -> dict[str, date | None]:
    return _restored(state.pairs, pair_id, "pair", "pairs")


def _restored(rows: dict, key: object, what: str, table: str):
    """The row restored under ``key`` (a reference ``what``), else a refusal."""
    if key not in rows:
        raise InvalidInput(f"{what} {validation.shown(key)} is not in {table}")
    return rows[key]


# ---------------------------------------------------------------- tables


def program_row(row: dict, state: RestoreState) -> None:
    """The program row passes the settings' one model; matching columns are the
    ``matching`` block's keys."""
    values = decoded(row)
    given = {k: v for k, v in values.items() if k in program.PROGRAM_KEYS}
    given["matching"] = {k: values[k] for k in program.MATCHING_KEYS if k in values}
    program.clean_settings(given)


def participant_row(row: dict, state: RestoreState) -> None:
    values = {k: v for k, v in decoded(row).items() if k != "id"}
    state.people[row.get("id")] = people.stored_participant(values)


def participants_done(state: RestoreState) -> None:
    """The rules across participants: no reporting line loops, and a preference
    names someone enrolled on the other side (as enroll and import check)."""
    manager_of = {p.email: p.manager for p in state.people.values()}
    refuse_loops(find_loops(manager_of, manager_of.get), "the manager chain loops")
    roles = {p.email: p.role for p in state.people.values()}
    for person in state.people.values():
        with refusing(person.email):
            people.check_prefers(person, roles)


def pair_row(row: dict, state: RestoreState) -> None:
    mentor = person_of(state, row.get("mentor_id"), "mentor_id")
    mentee = person_of(state, row.get("mentee_id"), "mentee_id")
    paired_on = validation.parse_date(row.get("paired_on"), "paired_on")
    ended_on = _day(row.get("ended_on"), "ended_on")
    status = row.get("status", PAIR_ACTIVE)
    check_pair_record(
        mentor=mentor,
        mentee=mentee,
        round_number=row.get("round", 1),
        paired_on=paired_on,
        status=status,
        ended_on=ended_on,
        score=row.get("score", 0.0),
    )
    values = decoded(row)
    for key in ("reasons", "shared_topics"):
        if values.get(key) is not None:
            program.text_lines(values[key], key)
    if row.get("fit") is not None:
        sessions.parse_fit(row["fit"])
    for key in ("fit_on", "introduced_on"):
        _day(row.get(key), key)
    if row.get("end_reason") is not None:
        validation.clean_line(row["end_reason"], "end_reason", validation.MAX_LONG_TEXT)
    if status == PAIR_ACTIVE:
        check_one_active_pair(mentee.email, state.active_mentor_of, mentor.email)
        state.active_mentor_of[mentee.email] = mentor.email
    state.pairs[row.get("id")] = {"paired_on": paired_on, "ended_on": ended_on}


def pair_rule_row(row: dict, state: RestoreState) -> None:
    kind = validation.parse_choice(row.get("kind"), "kind", tuple(PairRuleKind))
    first = person_of(state, row.get("first_id"), "first_id")
    second = person_of(state, row.get("second_id"), "second_id")
    roles = {person.email: person.role for person in (first, second)}
    check_rule_people(kind, first.email, second.email, roles)


def unpaired_row(row: dict, state: RestoreState) -> None:
    person_of(state, row.get("participant_id"), "participant_id")
    validation.clean_line(row.get("reason"), "reason", validation.MAX_LONG_TEXT)
    validation.parse_date(row.get("computed_on"), "computed_on")


def session_row(row: dict, state: RestoreState) -> None:
    pair = pair_of(state, row.get("pair_id"))
    sessions.new_session(decoded(row), today=state.today, **pair)


def checkin_row(row: dict, state: RestoreState) -> None:
    person = person_of(state, row.get("participant_id"), "participant_id")
    checkins.new_checkin(row, today=state.today, left_on=person.left_on)


def goal_row(row: dict, state: RestoreState) -> None:
    pair = pair_of(state, row.get("pair_id"))
    goals.check_stored_goal(row, today=state.today, **pair)


def message_row(row: dict, state: RestoreState) -> None:
    """A recorded message keeps the rules messages are recorded with."""
    if row.get("pair_id") is not None:
        pair_of(state, row["pair_id"])
    messages.check_message_record(row)


def digest_row(row: dict, state: RestoreState) -> None:
    """The day a digest went out (or a run claimed it), so it goes only once.
    Its status is the schema's CHECK."""
    validation.parse_date(row.get("day"), "day")
    validation.parse_choice(row.get("format"), "format", tuple(PAYLOADS))
    validation.clean_line(row.get("claimed_at"), "claimed_at")


def org_row(row: dict, state: RestoreState) -> None:
    """An org person passes the same rules as `revmentor org import`."""
    person = new_org_person(row)
    state.org_manager_of[person.email] = person.manager


def org_done(state: RestoreState) -> None:
    """The rule across the org chart, as `revmentor org import` keeps it."""
    loops = manager_loops(state.org_manager_of)
    refuse_loops(loops, "the org chart's manager chain loops")
