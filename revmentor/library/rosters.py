"""Bring a roster into the program: read the file, then upsert people, settings,
rules and the org chart. ``import`` and ``pair ROSTER`` share it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from revmentor.domain.models import LEFT, LEFT_REASON, Participant
from revmentor.domain.pairing.pairs import check_pairs_end
from revmentor.domain.people import org as org_chart
from revmentor.domain.people.roster import check_references, parse_roster
from revmentor.domain.people.roster_tables import parse_org_table, parse_roster_table
from revmentor.domain.tables import parse_map_options
from revmentor.errors import InvalidInput, RosterError
from revmentor.inputs import read_text
from revmentor.spreadsheets import is_table, read_table
from revmentor.store.pair_rules import add_pair_rule_goals, add_pair_rules
from revmentor.store.pairs import end_pairs, has_active_pair
from revmentor.store.people import org as org_store
from revmentor.store.people import participants as stored
from revmentor.store.program import load_program, update_program
from revmentor.store.sessions.goals import add_fixed_pair_goals
from revmentor.store.sessions.sessions import active_pair_spans


@dataclass
class ImportSummary:
    """What importing a roster changed (or would change, in a dry run)."""

    source: str
    added: int
    updated: int
    unchanged: int
    program_changed: bool
    rules_added: int
    org_added: int = 0
    org_updated: int = 0
    warnings: list[str] = field(default_factory=list)  # for the coordinator

    def sentence(self, *, dry_run: bool = False) -> str:
        verb = "Would import" if dry_run else "Imported"
        text = f"{verb} {self.source}: {self.added} added, {self.updated} updated"
        text += f", {self.unchanged} unchanged"
        if self.program_changed:
            text += "; program settings updated"
        if self.rules_added:
            text += f"; {self.rules_added} new avoid/fixed rule(s)"
        if self.org_added or self.org_updated:
            text += f"; org chart: {self.org_added} added, {self.org_updated} updated"
        return text + "."


def read_roster(path: Path, sheet: str | None = None, columns: list[str] | None = None):
    """Read and validate a roster file (YAML, CSV or Excel, by its extension);
    raises RosterError/InvalidInput. ``sheet`` and ``columns`` (--map) apply to
    spreadsheets."""
    if is_table(path):
        mapping = parse_map_options(columns)
        return parse_roster_table(read_table(path, sheet=sheet), mapping)
    _refuse_table_options(path, sheet, columns)
    return parse_roster(read_text(path, "roster"), str(path))


def read_org(
    path: Path, sheet: str | None = None, columns: list[str] | None = None
) -> list[org_chart.OrgPerson]:
    """Read and validate an org chart file (.csv, .xlsx, or else YAML with only
    an ``org:`` section)."""
    if is_table(path):
        mapping = parse_map_options(columns)
        return parse_org_table(read_table(path, sheet=sheet), mapping)
    _refuse_table_options(path, sheet, columns)
    return parse_roster(read_text(path, "org chart"), str(path), ("org",)).org


def _refuse_table_options(path: Path, sheet: str | None, columns) -> None:
    if sheet is not None or columns:
        raise InvalidInput(
            "--sheet and --map apply to spreadsheets (.csv, .xlsx) only; "
            f"{path} is read as YAML."
        )


def apply_roster(db, roster, source: str, on: date) -> ImportSummary:
    """Upsert the roster's people, settings and rules as of ``on``: new people
    are enrolled then, unless the file gives enrolled_on, and people it marks as
    left leave then. Call inside a transaction."""
    check_references(roster, source, stored.all_emails(db))
    program_changed = False
    if roster.program:  # the roster's `program:` block
        before = load_program(db)
        update_program(db, roster.program)
        program_changed = load_program(db) != before
    known = {p.email: p for p in stored.list_participants(db)}
    people, leaving = _as_updates(roster, known, on)
    _refuse_role_changes(db, roster, source, people, known)
    counts = stored.upsert_participants(db, people, known)  # added, updated, unchanged
    for email in leaving:
        end_pairs_by_rule(db, LEFT_REASON, on, email=email)
    rules_added = add_pair_rules(db, "avoid", roster.avoid, source) + add_pair_rules(
        db, "fixed", roster.fixed, source
    )
    add_pair_rule_goals(db, roster.fixed_goals)
    add_fixed_pair_goals(db, date.today())  # a fixed pair already made gets them now
    org_added, org_updated, _ = org_store.upsert_org(db, roster.org)
    warnings = [roster.note] if roster.note else []
    return ImportSummary(
        source, *counts, program_changed, rules_added, org_added, org_updated, warnings
    )


def end_pairs_by_rule(
    db, reason: str, on: date, *, ids: list[int] | None = None, email: str | None = None
) -> int:
    """End the active pairs ``ids`` (None: all of them), or only the person
    ``email``'s, on ``on``: by the one pair-end rule (``InvalidInput`` says why
    not); returns how many were ended."""
    spans = active_pair_spans(db, email=email)
    chosen = [span for span in spans if ids is None or span.pair_id in ids]
    check_pairs_end(on, chosen, today=date.today())
    return end_pairs(db, reason, on, ids=ids, email=email)


def unknown_managers(db, people: list[Participant] | None = None) -> list[str]:
    """Once, with the count: people whose reporting line cannot be followed up
    (``people``: everyone enrolled, when the caller has them already)."""
    people = stored.list_participants(db) if people is None else people
    count = org_chart.unknown_manager_count(people, org_store.org_managers(db))
    note = org_chart.unknown_manager_note(count)
    return [note] if note else []


def _as_updates(roster, known: dict, today: date) -> tuple[list, list[str]]:
    """The roster's people as they will be stored, and who leaves now.

    New people are enrolled on ``today`` (the day the roster stands for)
    unless the file says when; known ones get only the fields the file
    writes, so that a person paused with `people pause` stays paused when a
    roster without `status` is imported. As `people leave` and `people resume`
    do, a person the file marks as left gets today's date (the caller ends
    their pairs); one no longer marked left loses when and why.
    """
    people, leaving = [], []
    for person in roster.participants:
        was = known.get(person.email)
        if was is None:
            person = replace(person, enrolled_on=person.enrolled_on or today)
        else:
            given = roster.given.get(person.email, frozenset())
            person = replace(was, **{k: getattr(person, k) for k in given})
        if person.status == LEFT and (was is None or was.status != LEFT):
            person.left_on = person.left_on or today
            leaving.append(person.email)
        elif person.status != LEFT and was is not None and was.status == LEFT:
            person.left_on = person.left_reason = person.left_organisation_on = None
        people.append(person)
    return people, leaving


def _refuse_role_changes(db, roster, source: str, people: list, known: dict) -> None:
    """Someone in an active pair keeps their role until the pair ends."""
    problems = [
        f"{source}, {roster.unit} {roster.lines.get(email, 0)}, field 'role' "
        f"of {email}: they are in an active pair as a {known[email].role}; "
        "end it first with `revmentor pairs end`"
        for email, role in ((person.email, person.role) for person in people)
        if email in known and role != known[email].role and has_active_pair(db, email)
    ]
    if problems:
        raise RosterError(problems)
