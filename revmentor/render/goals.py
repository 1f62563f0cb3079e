"""`revmentor goals`: the goals listing in every format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from revmentor.domain.goals import StoredGoal
from revmentor.prompts import pair_label
from revmentor.render.formats import Format

JSON_KEYS = (
    "id",
    "pair_id",
    "mentor",
    "mentee",
    "status",
    "due",
    "overdue",
    "created_on",
    "done_on",
    "dropped_on",
)
HEADERS = (
    "ID",
    "Pair ID",
    "Mentor",
    "Mentee",
    "Status",
    "Due",
    "Overdue",
    "Set on",
    "Reached on",
    "Dropped on",
)
# A terminal is narrow: the pair by name, one status, one closing day.
TABLE_KEYS = ("id", "pair", "status", "due", "created_on", "closed_on")
TABLE_HEADERS = ("ID", "Pair", "Status", "Due", "Set on", "Closed on")


def goal_record(
    goal: StoredGoal, today: date, *, include_notes: bool
) -> dict[str, object]:
    """One goal as JSON (and the flat formats' row); its words only with
    ``include_notes``."""
    record: dict[str, object] = {
        "id": goal.id,
        "pair_id": goal.pair_id,
        "mentor": goal.mentor,
        "mentee": goal.mentee,
        "status": goal.status,
        "due": goal.due.isoformat() if goal.due else None,
        "overdue": goal.overdue(today),
        "created_on": goal.created_on.isoformat(),
        "done_on": goal.done_on.isoformat() if goal.done_on else None,
        "dropped_on": goal.dropped_on.isoformat() if goal.dropped_on else None,
    }
    if include_notes:
        record["text"] = goal.text
    return record


def _table_row(record: dict, goal: StoredGoal) -> dict[str, object]:
    status = "open, overdue" if record["overdue"] else record["status"]
    return {
        **record,
        "pair": pair_label(goal),
        "status": status,
        "closed_on": record["done_on"] or record["dropped_on"],
    }


def show_goals(
    goals: Sequence[StoredGoal],
    *,
    today: date,
    include_notes: bool,
    fmt: Format | None,
    output: Path | None,
) -> None:
    """The goals listing: a narrow table in the terminal, every field elsewhere."""
    from revmentor.render.console import emit_listing
    from revmentor.render.formats import pick_format

    records = [goal_record(g, today, include_notes=include_notes) for g in goals]
    fmt = pick_format(fmt, output)
    if fmt is Format.table:
        rows = [_table_row(r, g) for r, g in zip(records, goals, strict=True)]
        columns, headers = list(TABLE_KEYS), list(TABLE_HEADERS)
    else:
        rows = records
        columns, headers = list(JSON_KEYS), list(HEADERS)
    if include_notes:
        columns.append("text")
        headers.append("Goal")
    emit_listing(
        rows=rows,
        json_data=records,
        columns=columns,
        headers=headers,
        fmt=fmt,
        output=output,
        title=f"Goals ({len(records)})",
        empty="No goals match; add one with `revmentor goals add PAIR TEXT`.",
    )
