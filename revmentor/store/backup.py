"""A full backup of one program as a JSON-ready document, and its restore."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from revmentor.errors import InvalidInput

FORMAT = "revmentor-backup"
FORMAT_VERSION = 1
# Parents before children, so foreign keys hold while rows go in.
TABLES = (
    "program",
    "participants",
    "pairs",
    "pairing_rules",
    "unpaired",
    "sessions",
    "checkins",
    "pair_goals",
    "messages",
    "org",
)
_DATA_TABLES = ("participants", "pairs", "sessions", "checkins")


def export_backup(db, version: str) -> dict:
    """Everything in the program, private notes and attributes included."""
    from revmentor.store.migrations import migrations

    tables = {}
    for name in TABLES:
        order = "participant_id" if name == "unpaired" else "id"
        tables[name] = [
            dict(row) for row in db.query(f"SELECT * FROM {name} ORDER BY {order}")
        ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "revmentor_version": version,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "schema": [m.name for m in migrations.applied(db)],
        "tables": tables,
    }


def is_empty(db) -> bool:
    return all(
        db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] == 0
        for name in _DATA_TABLES
    )


def restore_backup(db, document: object, source: str) -> dict[str, int]:
    """Replace the program's contents with the backup's. Call inside Store.write().

    Returns the number of rows restored per table.
    """
    from revmentor.store.migrations import MIGRATION_NAMES

    tables = _check_document(document, source)
    unknown = [name for name in document["schema"] if name not in MIGRATION_NAMES]
    if unknown:
        raise InvalidInput(
            f"{source} was written by a newer revmentor (schema step {unknown[-1]!r}); "
            "upgrade revmentor to restore it."
        )
    columns = {name: db.table(name).columns_dict for name in TABLES}
    for name, rows in tables.items():
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise InvalidInput(
                    f"{source}: row {number} of {name} is not an object."
                )
            extra = sorted(set(row) - set(columns[name]))
            if extra:
                raise InvalidInput(
                    f"{source}: row {number} of {name} has unknown field {extra[0]!r}."
                )
            for field, value in row.items():
                problem = _value_problem(field, value, columns[name][field])
                if problem:
                    raise InvalidInput(
                        f"{source}: field {field!r} of row {number} of {name} {problem}."
                    )
            check_row = _ROW_RULES.get(name)
            if check_row is not None:
                try:
                    check_row(row)
                except InvalidInput as error:
                    raise InvalidInput(
                        f"{source}: row {number} of {name}: {error}."
                    ) from None
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
    if not tables.get("program"):
        db.execute(
            "INSERT INTO program (id, name) VALUES (1, 'Reverse mentoring program')"
        )
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, rowid, parent, _ = problems[0]
        raise InvalidInput(
            f"{source}: row {rowid} of {table} points to a missing {parent} row; "
            "the backup is incomplete."
        )
    return counts


def _check_document(document: object, source: str) -> dict[str, list]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(
            f"{source} is not a revmentor backup (made by `revmentor export`)."
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"{source} is a backup in format version {document.get('format_version')!r}, "
            f"which this revmentor cannot read (it reads version {FORMAT_VERSION})."
        )
    tables = document.get("tables")
    schema = document.get("schema")
    if not isinstance(tables, dict) or not isinstance(schema, list):
        raise InvalidInput(
            f"{source} is a damaged revmentor backup (no tables or schema)."
        )
    for name, rows in tables.items():
        if name not in TABLES:
            raise InvalidInput(f"{source} holds an unknown table {name!r}.")
        if not isinstance(rows, list):
            raise InvalidInput(f"{source}: table {name!r} is not a list of rows.")
    return tables


def _org_row(row: dict) -> None:
    """An org person passes the same rules as `revmentor org import`."""
    from revmentor.domain.org import new_org_person

    new_org_person(row)


def _message_row(row: dict) -> None:
    """A recorded message keeps the rules messages are recorded with."""
    from revmentor.domain.messages import check_message_record

    check_message_record(row)


def _program_row(row: dict) -> None:
    """Message settings pass the same rules as `revmentor init` flags."""
    from revmentor.domain.mail_settings import MAIL_SETTING_KEYS, parse_mail_setting

    for key in MAIL_SETTING_KEYS:
        if row.get(key) is not None:
            parse_mail_setting(key, key, row[key])


# The domain's rule set for a table's rows, where a table has one of its own.
_ROW_RULES = {"org": _org_row, "messages": _message_row, "program": _program_row}

_DATE_FIELDS = {
    "date",
    "paired_on",
    "ended_on",
    "enrolled_on",
    "left_on",
    "fit_on",
    "introduced_on",
    "start",
    "computed_on",
    "due",
    "created_on",
    "done_on",
    "dropped_on",
}
_JSON_FIELDS = {
    "teaches",
    "learns",
    "topics",
    "reasons",
    "shared_topics",
    "attributes",
    "objectives",
    "rules",
    "weights",
    "diversity_attributes",
    "recipients",
    "prefers",
    "reason_codes",
    "require",
    "goals_json",
}
_LARGEST_INTEGER = 2**63 - 1


def _value_problem(field: str, value: object, kind: type) -> str | None:
    """Why a value cannot go into a column (None when it fits), so a restored
    file is never one that later commands stumble over."""
    if value is None:
        return None
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {value!r}"
        if abs(value) > _LARGEST_INTEGER:
            return f"is too large ({value})"
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {value!r}"
    elif not isinstance(value, str):
        return f"must be text, not {value!r}"
    if field in _DATE_FIELDS:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"must be a date written YYYY-MM-DD, not {value!r}"
    if field in _JSON_FIELDS:
        try:
            json.loads(value)
        except ValueError:
            return "is damaged (not the JSON text revmentor writes)"
    return None
