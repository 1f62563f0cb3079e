"""A full backup of one program as a JSON-ready document, and its restore.

A restore is all or nothing: the document's shape, then every row through its
table's rules (``store/restore_checks.py``, which call the domain rule sets that
every other way in uses), then the database's own constraints. The first
broken rule is named, and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput, refusing
from revmentor.store import restore_checks as rules
from revmentor.store.rows import JSON_COLUMNS

FORMAT = "revmentor-backup"
FORMAT_VERSION = 1

# The tables a backup holds, parents before children so foreign keys hold while
# rows go in: (name, the migration that created it (a backup whose schema has
# that step must have the table), its row rule, the rule across all its rows).
BACKUP_TABLES = (
    ("program", "m001_initial", rules.program_row, None),
    ("participants", "m001_initial", rules.participant_row, rules.participants_done),
    ("pairs", "m001_initial", rules.pair_row, None),
    ("pairing_rules", "m003_pairing_constraints", rules.pair_rule_row, None),
    ("unpaired", "m002_pair_lifecycle_and_views", rules.unpaired_row, None),
    ("sessions", "m001_initial", rules.session_row, None),
    ("checkins", "m001_initial", rules.checkin_row, None),
    ("pair_goals", "m007_pair_goals", rules.goal_row, None),
    ("messages", "m008_messages_and_mail_settings", rules.message_row, None),
    ("org", "m006_org_chart_and_form_imports", rules.org_row, rules.org_done),
    # Backups hold digests from m016 on; an earlier one restores with none.
    ("digests", "m016_digests_in_backups", rules.digest_row, None),
)
TABLES = tuple(table[0] for table in BACKUP_TABLES)
_KEY = {"unpaired": "participant_id", "digests": "day"}  # the others': id
# Dates are the columns named date, start, due or something_on (paired_on ...).
_DATES = ("date", "start", "due")


def export_backup(db, version: str) -> dict:
    """Everything in the program, private notes and attributes included.

    Read in one transaction, so a command writing at the same time cannot
    leave the backup with half of its change.
    """
    # Lazy: store.connection imports sqlite-utils first (without numpy).
    from revmentor.store.migrations import migrations

    with db.atomic():
        tables = {
            name: list(db.table(name).rows_where(order_by=_KEY.get(name, "id")))
            for name in TABLES
        }
        schema = [m.name for m in migrations.applied(db)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "revmentor_version": version,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "schema": schema,
        "tables": tables,
    }


def is_empty(db) -> bool:
    """No one is enrolled: pairs, sessions and check-ins all point at people."""
    return db.table("participants").count == 0


def restore_backup(db, document: object, source: str) -> dict[str, int]:
    """Replace the program's contents with the backup's. Call inside Store.write().

    Returns the number of rows restored per table.
    """
    tables = _check_document(document, source)
    state = rules.RestoreState(today=date.today())
    for name, _, check, done in BACKUP_TABLES:
        columns = db.table(name).columns
        for number, row in enumerate(tables.get(name, []), start=1):
            place = f"row {number} of {name}"
            _check_values(row, columns, source, place)
            with refusing(f"{source}: {place}"):
                check(row, state)
        with refusing(f"{source}: {name}"):
            if done is not None:
                done(state)
    # Deferred: a table's old rows go while later tables' old rows still point
    # at them. The rows' rules checked every reference (person_of, pair_of).
    db.execute("PRAGMA defer_foreign_keys = ON")
    for name in TABLES:
        db.execute(f"DELETE FROM {name}")
        try:
            db.table(name).insert_all(tables.get(name, []), batch_size=500, alter=False)
        except sqlite3.IntegrityError as error:
            raise InvalidInput(
                f"{source}: a row of {name} breaks a rule of the database ({error})."
            ) from None
    return {name: len(tables.get(name, [])) for name in TABLES}


def _check_values(row: object, columns: list, source: str, place: str) -> None:
    """Each value fits its column, so a restored file is never one that later
    commands stumble over."""
    if not isinstance(row, dict):
        raise InvalidInput(f"{source}: {place} is not an object.")
    extra = sorted(set(row) - {column.name for column in columns})
    if extra:
        raise InvalidInput(f"{source}: {place} has unknown field {extra[0]!r}.")
    for column in columns:
        problem = _value_problem(column, row.get(column.name))
        if problem:
            raise InvalidInput(f"{source}: field {column.name!r} of {place} {problem}.")


def _value_problem(column, value: object) -> str | None:
    """Why a value cannot go into a column (None when it fits)."""
    field, kind = column.name, column.type
    if value is None:  # the database refuses it in a column NOT NULL
        return None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "INTEGER" and not (number and isinstance(value, int)):
        return f"must be a whole number, not {shown(value)}"
    if kind == "INTEGER" and abs(value) > 2**63 - 1:  # type: ignore[arg-type]
        return f"is too large ({shown(value)})"
    if kind == "REAL" and not number:
        return f"must be a number, not {shown(value)}"
    if kind == "TEXT" and not isinstance(value, str):
        return f"must be text, not {shown(value)}"
    try:
        if field in _DATES or field.endswith("_on"):
            date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"must be a date written YYYY-MM-DD, not {shown(value)}"
    try:
        if field in JSON_COLUMNS:
            json.loads(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError):
        return "is damaged (not the JSON text revmentor writes)"
    return None


def _check_document(document: object, source: str) -> dict[str, list]:
    """The backup's tables, when it is a whole revmentor backup this version reads."""
    from revmentor.store.migrations import MIGRATION_NAMES  # lazy: see above

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(
            f"{source} is not a revmentor backup (made by `revmentor export`)."
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"{source} is a backup in format version "
            f"{shown(document.get('format_version'))}, which this revmentor cannot "
            f"read (it reads version {FORMAT_VERSION})."
        )
    tables, schema = document.get("tables"), document.get("schema")
    if not (isinstance(tables, dict) and isinstance(schema, list)):
        raise InvalidInput(
            f"{source} is a damaged revmentor backup (no tables or schema)."
        )
    unknown = [step for step in schema if step not in MIGRATION_NAMES]
    if unknown:
        raise InvalidInput(
            f"{source} was written by a newer revmentor (schema step "
            f"{shown(unknown[-1])}); upgrade revmentor to restore it."
        )
    for name, rows in tables.items():
        if name not in TABLES:
            raise InvalidInput(f"{source} holds an unknown table {shown(name)}.")
        if not isinstance(rows, list):
            raise InvalidInput(f"{source}: table {name!r} is not a list of rows.")
    if MIGRATION_NAMES[0] not in schema:
        raise InvalidInput(
            f"{source} is a damaged revmentor backup (its schema lacks "
            f"{MIGRATION_NAMES[0]})."
        )
    for name, since, _, _ in BACKUP_TABLES:
        if since in schema and name not in tables:
            raise InvalidInput(
                f"{source} is incomplete: it has no {name} table, which every "
                "backup of its schema holds; nothing was restored."
            )
    if len(tables["program"]) != 1:
        raise InvalidInput(
            f"{source}: the program table must hold exactly one row, not "
            f"{len(tables['program'])}."
        )
    return tables
