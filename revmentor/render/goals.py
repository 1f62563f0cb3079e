"""`revmentor goals`: the goals listing in every format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from revmentor.domain.sessions.goals import StoredGoal
from revmentor.render.console import emit_listing
from revmentor.render.formats import Format, pick_format

# key -> header, every field (JSON, CSV, Markdown)
FIELDS = dict(
    id="ID",
    code="Code",
    pair_id="Pair ID",
    mentor="Mentor",
    mentee="Mentee",
    status="Status",
    due="Due",
    overdue="Overdue",
    created_on="Set on",
    done_on="Reached on",
    dropped_on="Dropped on",
)
# A terminal is narrow: the pair by name, one status, one closing day.
TABLE = dict(
    id="ID", code="Code", pair="Pair", status="Status", due="Due", created_on="Set on"
)
TABLE["closed_on"] = "Closed on"


def show_goals(
    goals: Sequence[StoredGoal],
    *,
    today: date,
    include_notes: bool,
    fmt: str | None,
    output: Path | None,
) -> None:
    """The goals listing: a narrow table in the terminal, every field elsewhere;
    the goals' words only with ``include_notes``."""
    records, rows = [], []
    for goal in goals:
        stored = goal.model_dump(mode="json")
        record = {key: stored.get(key) for key in FIELDS}
        record |= {"status": goal.status, "overdue": goal.overdue(today)}
        if include_notes:
            record["text"] = goal.text
        records.append(record)
        rows.append(
            record
            | {
                "pair": f"{goal.mentor_name} → {goal.mentee_name}",
                "status": "open, overdue" if record["overdue"] else goal.status,
                "closed_on": record["done_on"] or record["dropped_on"],
            }
        )
    fmt = pick_format(fmt, output)
    shown = dict(TABLE if fmt is Format.table else FIELDS)
    if include_notes:
        shown["text"] = "Goal"
    emit_listing(
        rows=rows if fmt is Format.table else records,
        json_data=records,
        columns=list(shown),
        headers=list(shown.values()),
        fmt=fmt,
        output=output,
        title=f"Goals ({len(records)})",
        empty="No goals match; add one with `revmentor goals add PAIR TEXT`.",
    )
