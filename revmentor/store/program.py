"""Read and update the single program row."""

from __future__ import annotations

import json
from dataclasses import fields

from revmentor.domain.models import DEFAULT_WEIGHTS, MatchingSettings, Settings
from revmentor.domain.pairing.matching_settings import (
    Requirements,
    parse_weight,
    requirements_as_dict,
)
from revmentor.domain.program import parse_requirements
from revmentor.store.rows import dated, decoded

# The settings, and the first day of the latest round when it is not the first.
_PROGRAM = """SELECT *, (SELECT MIN(paired_on) FROM pairs WHERE round > 1
    AND round = (SELECT MAX(round) FROM pairs)) AS round_began
    FROM program WHERE id = 1"""


def load_program(db) -> Settings:
    row = dated(decoded(next(db.query(_PROGRAM))), "start", "round_began")
    values = {f.name: row[f.name] for f in fields(Settings) if f.name != "matching"}
    matching = MatchingSettings(
        min_level_gap=row["min_level_gap"],
        # Weights added since the file was made take their defaults; a
        # stored weight out of bounds (an edited file) is refused clearly.
        weights={
            key: parse_weight(value, key)
            for key, value in {**DEFAULT_WEIGHTS, **row["weights"]}.items()
        },
        diversity_attributes=row["diversity_attributes"],
        allow_repeats=bool(row["allow_repeats"]),
        require=parse_requirements(row["require"]),
    )
    return Settings(**values, matching=matching)


def update_program(db, changes: dict) -> None:
    """Apply a partial update: keys as in the roster's ``program:`` block (the
    ``matching`` block's keys are columns of their own)."""
    values = {key: value for key, value in changes.items() if key != "matching"}
    values.update(changes.get("matching") or {})
    if "weights" in values:  # the weights given, on top of those stored
        stored = json.loads(db["program"].get(1)["weights"])
        values["weights"] = {**stored, **values["weights"]}
    if "require" in values:  # a Requirements, or its fields already checked
        require = values["require"]
        require = Requirements(**require) if isinstance(require, dict) else require
        values["require"] = requirements_as_dict(require)
    # sqlite-utils stores lists and groups as JSON, dates as ISO text.
    db.table("program").update(1, values)
