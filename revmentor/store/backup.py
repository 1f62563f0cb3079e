"""A full backup of one program as a JSON-ready document, and its restore.

A restore is all or nothing: the document's shape, then every row through its
table's rules (``store/restore_rules.py``, which call the domain rule sets that
every other way in uses), then the database's own constraints. The first
broken rule is named, and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from revmentor.errors import InvalidInput
from revmentor.store import restore_rules as rules

FORMAT = "revmentor-backup"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class BackupTable:
    """A table a backup holds: ``since`` is the migration that created it (a
    backup whose schema has that step must have the table), ``check`` its row
    rules, ``done`` the rules across all its rows (run once they are read)."""

    name: str
    since: str
    check: rules.RowCheck
    done: Callable[[rules.RestoreState], None] | None = None
    order_by: str = "id"


# Parents before children, so foreign keys hold while rows go in. A table added
# by a later migration is appended here with its row check.
BACKUP_TABLES = (
    BackupTable("program", "m001_initial", rules.program_row),
    BackupTable(
        "participants",
        "m001_initial",
        rules.participant_row,
        done=rules.participants_done,
    ),
    BackupTable("pairs", "m001_initial", rules.pair_row),
    BackupTable("pairing_rules", "m003_pairing_constraints", rules.pairing_rule_row),
    BackupTable(
        "unpaired",
        "m002_pair_lifecycle_and_views",
        rules.unpaired_row,
        order_by="participant_id",
    ),
    BackupTable("sessions", "m001_initial", rules.session_row),
    BackupTable("checkins", "m001_initial", rules.checkin_row),
    BackupTable("pair_goals", "m007_pair_goals", rules.goal_row),
    BackupTable("messages", "m008_messages_and_mail_settings", rules.message_row),
    BackupTable("org", "m006_org_chart_and_form_imports", rules.org_row),
)
TABLES = tuple(table.name for table in BACKUP_TABLES)
_DATA_TABLES = ("participants", "pairs", "sessions", "checkins")


def export_backup(db, version: str) -> dict:
    """Everything in the program, private notes and attributes included.

    Read in one transaction, so a command writing at the same time cannot
    leave the backup with half of its change.
    """
    from revmentor.store.migrations import migrations

    conn = db.conn
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        tables = {
            table.name: [
                dict(row)
                for row in db.query(
                    f"SELECT * FROM {table.name} ORDER BY {table.order_by}"
                )
            ]
            for table in BACKUP_TABLES
        }
        schema = [m.name for m in migrations.applied(db)]
    finally:
        if began and conn.in_transaction:
            conn.rollback()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "revmentor_version": version,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "schema": schema,
        "tables": tables,
    }


def is_empty(db) -> bool:
    return all(
        db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] == 0
        for name in _DATA_TABLES
    )


def restore_backup(
    db, document: object, source: str, today: date | None = None
) -> dict[str, int]:
    """Replace the program's contents with the backup's. Call inside Store.write().

    Returns the number of rows restored per table.
    """
    tables = _check_document(document, source)
    columns = {name: db.table(name).columns_dict for name in TABLES}
    state = rules.RestoreState(today=today or date.today())
    for table in BACKUP_TABLES:
        rows = tables.get(table.name, [])
        for number, row in enumerate(rows, start=1):
            where = f"{source}: row {number} of {table.name}"
            _check_columns(row, columns[table.name], source, number, table.name)
            try:
                table.check(row, state)
            except InvalidInput as error:
                raise InvalidInput(f"{where}: {error.message}.") from None
            state.rows.setdefault(table.name, {})[row.get(table.order_by)] = row
        if table.done is not None:
            try:
                table.done(state)
            except InvalidInput as error:
                raise InvalidInput(
                    f"{source}: {table.name}: {error.message}."
                ) from None
    return _replace_contents(db, tables, source)


def _replace_contents(db, tables: dict[str, list], source: str) -> dict[str, int]:
    # Check references once at the end, to name the first broken row clearly.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for name in reversed(TABLES):
        db.execute(f"DELETE FROM {name}")
    counts = {}
    for name in TABLES:
        rows = tables.get(name, [])
        if rows:
            try:
                db.table(name).insert_all(rows, batch_size=500, alter=False)
            except sqlite3.IntegrityError as error:
                raise InvalidInput(
                    f"{source}: a row of {name} breaks a rule of the database ({error})."
                ) from None
        counts[name] = len(rows)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, rowid, parent, _ = problems[0]
        raise InvalidInput(
            f"{source}: row {rowid} of {table} points to a missing {parent} row; "
            "the backup is incomplete."
        )
    return counts


def _check_columns(
    row: object, columns: dict[str, type], source: str, number: int, table: str
) -> None:
    where = f"{source}: row {number} of {table}"
    if not isinstance(row, dict):
        raise InvalidInput(f"{where} is not an object.")
    extra = sorted(set(row) - set(columns))
    if extra:
        raise InvalidInput(f"{where} has unknown field {extra[0]!r}.")
    for field, value in row.items():
        problem = _value_problem(field, value, columns[field])
        if problem:
            raise InvalidInput(
                f"{source}: field {field!r} of row {number} of {table} {problem}."
            )


def _check_format(document: object, source: str) -> dict:
    """The document, when it is a revmentor backup in the format read here."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(
            f"{source} is not a revmentor backup (made by `revmentor export`)."
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"{source} is a backup in format version "
            f"{_shown(document.get('format_version'))}, which this revmentor cannot "
            f"read (it reads version {FORMAT_VERSION})."
        )
    return document


def _check_document(document: object, source: str) -> dict[str, list]:
    from revmentor.store.migrations import MIGRATION_NAMES

    document = _check_format(document, source)
    tables = document.get("tables")
    schema = document.get("schema")
    if (
        not isinstance(tables, dict)
        or not isinstance(schema, list)
        or not all(isinstance(step, str) for step in schema)
    ):
        raise InvalidInput(
            f"{source} is a damaged revmentor backup (no tables or schema)."
        )
    unknown = [name for name in schema if name not in MIGRATION_NAMES]
    if unknown:
        raise InvalidInput(
            f"{source} was written by a newer revmentor (schema step "
            f"{_shown(unknown[-1])}); upgrade revmentor to restore it."
        )
    _check_tables(tables, schema, source)
    return tables


def _check_tables(tables: dict, schema: list[str], source: str) -> None:
    """Every table known and a list of rows, none missing for the backup's
    schema, and one program."""
    from revmentor.store.migrations import MIGRATION_NAMES

    for name, rows in tables.items():
        if name not in TABLES:
            raise InvalidInput(f"{source} holds an unknown table {_shown(name)}.")
        if not isinstance(rows, list):
            raise InvalidInput(f"{source}: table {name!r} is not a list of rows.")
    if MIGRATION_NAMES[0] not in schema:
        raise InvalidInput(
            f"{source} is a damaged revmentor backup (its schema lacks "
            f"{MIGRATION_NAMES[0]})."
        )
    for table in BACKUP_TABLES:
        if table.since in schema and table.name not in tables:
            raise InvalidInput(
                f"{source} is incomplete: it has no {table.name} table, which every "
                "backup of its schema holds; nothing was restored."
            )
    if len(tables["program"]) != 1:
        raise InvalidInput(
            f"{source}: the program table must hold exactly one row, not "
            f"{len(tables['program'])}."
        )


def _shown(value: object) -> str:
    from revmentor.domain.validation import shown

    return shown(value)


_DATE_FIELDS = {
    "date",
    "paired_on",
    "ended_on",
    "enrolled_on",
    "left_on",
    "left_organisation_on",
    "fit_on",
    "introduced_on",
    "start",
    "computed_on",
    "due",
    "created_on",
    "done_on",
    "dropped_on",
}
_LARGEST_INTEGER = 2**63 - 1


def _value_problem(field: str, value: object, kind: type) -> str | None:
    """Why a value cannot go into a column (None when it fits), so a restored
    file is never one that later commands stumble over."""
    if value is None:
        return None
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {_shown(value)}"
        if abs(value) > _LARGEST_INTEGER:
            return f"is too large ({_shown(value)})"
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {_shown(value)}"
    elif not isinstance(value, str):
        return f"must be text, not {_shown(value)}"
    if field in _DATE_FIELDS:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"must be a date written YYYY-MM-DD, not {_shown(value)}"
    if field in rules.JSON_COLUMNS:
        try:
            json.loads(value)
        except (ValueError, RecursionError):
            return "is damaged (not the JSON text revmentor writes)"
    return None
