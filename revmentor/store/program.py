"""Read and update the single program row."""

from __future__ import annotations

import json
from datetime import date

from revmentor.domain.mail_settings import MAIL_SETTING_KEYS
from revmentor.domain.matching_rules import (
    parse_requirements,
    parse_weights,
    requirements_as_dict,
)
from revmentor.domain.models import DEFAULT_WEIGHTS, MatchingSettings, Program

_LIST_FIELDS = ("objectives", "rules", "topics", "statements")
_INT_FIELDS = ("cadence_days", "session_minutes", "length_weeks")


def load_program(db) -> Program:
    row = next(db.query("SELECT * FROM program WHERE id = 1"))
    weights = json.loads(row["weights"])
    return Program(
        name=row["name"],
        objectives=json.loads(row["objectives"]),
        rules=json.loads(row["rules"]),
        topics=json.loads(row["topics"]),
        statements=json.loads(row.get("statements") or "[]"),
        cadence_days=row["cadence_days"],
        session_minutes=row["session_minutes"],
        start=date.fromisoformat(row["start"]) if row["start"] else None,
        length_weeks=row["length_weeks"],
        organization=row["organization"],
        matching=MatchingSettings(
            min_level_gap=row["min_level_gap"],
            # Weights added since the file was made take their defaults; a
            # stored weight out of bounds (an edited file) is refused clearly.
            weights=parse_weights({**DEFAULT_WEIGHTS, **weights}),
            diversity_attributes=json.loads(row["diversity_attributes"]),
            allow_repeats=bool(row["allow_repeats"]),
            require=parse_requirements(json.loads(row["require"])),
        ),
        **{key: row.get(key) for key in MAIL_SETTING_KEYS},
    )


def update_program(db, changes: dict) -> None:
    """Apply a partial update: keys as in the roster's ``program:`` block."""
    values: dict[str, object] = {}
    for key, value in changes.items():
        if key in _LIST_FIELDS:
            values[key] = json.dumps(list(value))
        elif (
            key in _INT_FIELDS
            or key in ("name", "organization")
            or key in MAIL_SETTING_KEYS
        ):
            values[key] = value
        elif key == "start":
            values[key] = value.isoformat() if value else None
        elif key == "matching":
            for mkey, mvalue in value.items():
                if mkey == "weights":
                    current = json.loads(
                        db.execute(
                            "SELECT weights FROM program WHERE id = 1"
                        ).fetchone()[0]
                    )
                    current.update({k: float(v) for k, v in mvalue.items()})
                    values["weights"] = json.dumps(current)
                elif mkey == "diversity_attributes":
                    values[mkey] = json.dumps(list(mvalue))
                elif mkey == "allow_repeats":
                    values[mkey] = int(bool(mvalue))
                elif mkey == "require":
                    values[mkey] = json.dumps(_require_dict(mvalue))
                else:
                    values[mkey] = mvalue
    if values:
        db.table("program").update(1, values)


def _require_dict(value) -> dict:
    """A ``require`` block given as parsed roster data or as Requirements."""
    if isinstance(value, dict):
        return requirements_as_dict(parse_requirements(value))
    return requirements_as_dict(value)


def program_as_dict(program: Program) -> dict:
    """The program's settings with the roster file's keys (JSON-ready)."""
    return {
        "name": program.name,
        "objectives": program.objectives,
        "rules": program.rules,
        "topics": program.topics,
        "statements": program.statements,
        "cadence_days": program.cadence_days,
        "session_minutes": program.session_minutes,
        "start": program.start.isoformat() if program.start else None,
        "length_weeks": program.length_weeks,
        "organization": program.organization,
        "matching": {
            "min_level_gap": program.matching.min_level_gap,
            "weights": program.matching.weights,
            "diversity_attributes": program.matching.diversity_attributes,
            "allow_repeats": program.matching.allow_repeats,
            "require": requirements_as_dict(program.matching.require),
        },
        **{key: getattr(program, key) for key in MAIL_SETTING_KEYS},
    }
