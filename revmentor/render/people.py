"""How a participant looks in the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from revmentor.domain.models import MENTOR, Participant
from revmentor.render.formats import Format

# The listing: one row per person, their topics as the role has them (what a
# mentor teaches, what a mentee wants to learn).
LIST_COLUMNS = (
    ("name", "Name"),
    ("email", "Email"),
    ("role", "Role"),
    ("title", "Title"),
    ("level", "Level"),
    ("department", "Department"),
    ("topics", "Topics"),
    ("status", "Status"),
)


def show_people(
    people: Sequence[Participant],
    *,
    include_private: bool,
    fmt: Format | None,
    output: Path | None,
) -> None:
    """`revmentor people`: a table, or every field as JSON, CSV, Markdown."""
    from revmentor.domain.people import as_record
    from revmentor.render.console import emit_listing

    records = [as_record(p, include_private=include_private) for p in people]
    rows = [
        {**r, "topics": r["teaches"] if r["role"] == MENTOR else r["learns"]}
        for r in records
    ]
    columns = [key for key, _ in LIST_COLUMNS]
    headers = [header for _, header in LIST_COLUMNS]
    if include_private:
        columns.append("attributes")
        headers.append("Attributes")
    emit_listing(
        rows=rows,
        json_data=records,
        columns=columns,
        headers=headers,
        fmt=fmt,
        output=output,
        title=f"Participants ({len(rows)})",
        empty="No participants match.",
    )


def tell(message: str) -> None:
    """A confirmation on stderr, printed as plain text (no markup in names)."""
    from revmentor.render.console import stderr_console

    stderr_console().print(message, markup=False)


def participant_summary(person: Participant) -> None:
    """The answers of a new participant, shown before asking to save them."""
    from rich.table import Table

    from revmentor.render.console import escape_markup, stderr_console
    from revmentor.render.formats import flat

    table = Table(show_header=False, box=None, title="New participant")
    table.add_column(style="bold")
    table.add_column()
    for key in (
        "name",
        "email",
        "role",
        "title",
        "level",
        "department",
        "manager",
        "teaches" if person.role == MENTOR else "learns",
        "goals",
        "capacity" if person.role == MENTOR else None,
        "timezone",
        "organization",
        "prefers",
    ):
        if key:
            table.add_row(key, escape_markup(flat(getattr(person, key))))
    stderr_console().print(table)
