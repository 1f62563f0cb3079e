"""How a participant looks in the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from revmentor.domain.models import MENTOR, Participant
from revmentor.domain.people.org import ORG_KEYS
from revmentor.domain.people.people import as_record
from revmentor.domain.text import plural
from revmentor.render.console import emit_listing, fields_table, make_console
from revmentor.render.formats import Format, pick_format

# The listing: one row per person, their topics as the role has them (what a
# mentor teaches, what a mentee wants to learn).
LIST_COLUMNS = ["name", "email", "role", "title", "level", "department", "topics"]
# A CSV is a roster: every column `revmentor import` reads back (why someone
# left is private, like notes), the name first as in the table.
# Attributes only with --include-private.
NOT_ON_ROSTER = ("name", "left_reason", "attributes")
ROSTER_COLUMNS = [f.name for f in fields(Participant) if f.name not in NOT_ON_ROSTER]
ROSTER_COLUMNS.insert(0, "name")


def show_people(
    people: Sequence[Participant],
    *,
    include_private: bool,
    fmt: str | None,
    output: Path | None,
) -> None:
    """`revmentor people`: a table, or every field as JSON, CSV, Markdown."""

    records = [as_record(p, include_private=include_private) for p in people]
    rows = [
        {**r, "topics": r["teaches"] if r["role"] == MENTOR else r["learns"]}
        for r in records
    ]
    csv = pick_format(fmt, output) is Format.csv
    columns = ROSTER_COLUMNS if csv else [*LIST_COLUMNS, "status"]
    emit_listing(
        rows=rows,
        json_data=records,
        columns=[*columns, *(["attributes"] if include_private else [])],
        fmt=fmt,
        output=output,
        title=f"Participants ({len(rows)})",
        empty="No participants match.",
    )


def show_org(
    summary: dict[str, int],
    people: list[dict[str, object]],
    *,
    fmt: str | None,
    output: Path | None,
) -> None:
    """`revmentor org`: who reports to whom, each under their manager (a CSV
    that `org import` reads back), titled with how many and how deep."""
    fmt = pick_format(fmt, output)
    outside = summary["people"]
    title = f"Org chart: {outside} outside the program, "
    title += f"{plural(len(people) - outside, 'participant')}; "
    title += f"{plural(summary['depth'], 'level')}, {summary['top']} at the top"
    names = {p["email"]: p["name"] or p["email"] for p in people}
    rows, columns = people, ["name", "email", "role", "title", "department", "manager"]
    if fmt in (Format.table, Format.markdown):  # names; a dash: outside the program
        rows = [p | {"manager": names.get(p["manager"], p["manager"])} for p in people]
        rows = [row | {"role": row["role"] or "—"} for row in rows]
    emit_listing(
        rows=rows,
        json_data=summary | {"chart": people},
        columns=list(ORG_KEYS) if fmt is Format.csv else columns,
        fmt=fmt,
        output=output,
        title=title,
        empty="The org chart is empty; import one with `revmentor org import FILE`.",
    )


def participant_summary(person: Participant) -> None:
    """The answers of a new participant, shown before asking to save them."""
    mentor = person.role == MENTOR
    keys = ["name", "email", "role", "title", "level", "department", "manager"]
    keys += ["teaches", "goals", "capacity"] if mentor else ["learns", "goals"]
    keys += ["timezone", "organization", "prefers"]
    fields = [(key, getattr(person, key)) for key in keys]
    make_console(stderr=True).print(fields_table("New participant", fields))
