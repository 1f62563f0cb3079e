"""How sessions, check-ins and goals look: confirmations, summaries, tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from revmentor.domain.sessions import FIT_LABELS, LoggedSession, SessionEntry
from revmentor.domain.text import plural


def notice(message: str) -> None:
    """A confirmation on stderr, printed as given (names may hold brackets)."""
    from revmentor.render.console import stderr_console

    stderr_console().print(message, markup=False)


# ---------------------------------------------------------------- log


def session_summary(label: str, entry: SessionEntry, fit: str | None) -> None:
    """The answers of a new session, shown before asking to save it."""
    from rich.table import Table

    from revmentor.render.console import escape_markup as escape
    from revmentor.render.console import stderr_console
    from revmentor.render.formats import flat

    notes = entry.notes or ""
    table = Table(show_header=False, box=None, title="New session")
    table.add_column(style="bold")
    table.add_column()
    for key, value in (
        ("pair", label),
        ("date", entry.date.isoformat()),
        ("minutes", entry.minutes),
        ("topics", entry.topics),
        ("notes", f"{len(notes)} characters (private)" if notes else ""),
        ("mentor rating", entry.mentor_rating),
        ("mentee rating", entry.mentee_rating),
        ("fit", FIT_LABELS.get(fit or "", "")),
    ):
        table.add_row(key, escape(flat(value)))
    stderr_console().print(table)


def session_logged(
    session_id: int,
    label: str,
    entry: SessionEntry,
    held: int,
    *,
    same_day: Sequence[int] = (),
    fit: str | None = None,
    reached: Sequence[int] = (),
    added_goal: int | None = None,
) -> None:
    from revmentor.domain.sessions import FIT_POOR

    notice(
        f"Logged session #{session_id}: {label} on {entry.date}, "
        f"{entry.minutes} minutes ({plural(held, 'session')} so far)."
    )
    if same_day:
        notice(
            f"Note: session #{same_day[0]} was already logged for this pair on "
            f"{entry.date}; `revmentor sessions delete {session_id}` removes this "
            "one if it was a mistake."
        )
    if fit is not None:
        notice(f"Recorded the pairing's fit: {FIT_LABELS[fit]}.")
        if fit == FIT_POOR:
            notice("`revmentor pair --rematch` ends it and pairs both people again.")
    if reached:
        numbers = ", ".join(f"#{n}" for n in reached)
        notice(f"Marked {plural(len(reached), 'goal')} reached: {numbers}.")
    if added_goal is not None:
        notice(f"Added goal #{added_goal}; `revmentor goals` lists the pair's goals.")


# ---------------------------------------------------------------- check-ins


def checkin_summary(
    name: str, phase: str, day: date, rows: Sequence[tuple[str, int, str]]
) -> None:
    """(topic, score, what it replaces) for each score about to be saved."""
    from rich.table import Table

    from revmentor.render.console import escape_markup as escape
    from revmentor.render.console import stderr_console

    replacing = any(replaces for _, _, replaces in rows)
    table = Table(header_style="bold", box=None, padding=(0, 2, 0, 2))
    table.add_column("Topic")
    table.add_column("Score", justify="right")
    if replacing:
        table.add_column("Replaces")
    for topic, score, replaces in rows:
        cells = [escape(topic), str(score)]
        if replacing:
            cells.append(escape(replaces))
        table.add_row(*cells)
    console = stderr_console()
    console.print(
        f"[bold]{phase.capitalize()} check-in of {escape(name)} on {day}[/bold]"
    )
    console.print(table)


# ---------------------------------------------------------------- sessions

# The JSON keys of a session, in order; notes only when asked for.
SESSION_KEYS = (
    "id",
    "mentor",
    "mentee",
    "date",
    "minutes",
    "topics",
    "mentor_rating",
    "mentee_rating",
)
SESSION_HEADERS = (
    "ID",
    "Mentor",
    "Mentee",
    "Date",
    "Minutes",
    "Topics",
    "Mentor rating",
    "Mentee rating",
)


def session_record(session: LoggedSession, *, include_notes: bool) -> dict:
    record: dict[str, object] = {
        "id": session.id,
        "mentor": session.mentor,
        "mentee": session.mentee,
        "date": session.date.isoformat(),
        "minutes": session.minutes,
        "topics": session.topics,
        "mentor_rating": session.mentor_rating,
        "mentee_rating": session.mentee_rating,
    }
    if include_notes:
        record["notes"] = session.notes
    return record


def show_sessions(
    found: Sequence[LoggedSession],
    *,
    include_notes: bool,
    fmt,
    output: Path | None,
) -> None:
    """The sessions listing in any format (notes only with ``include_notes``)."""
    from revmentor.render.console import emit_listing
    from revmentor.render.formats import Format, pick_format

    records = [session_record(s, include_notes=include_notes) for s in found]
    fmt = pick_format(fmt, output)
    rows = records
    if fmt in (Format.table, Format.markdown):
        # People read these: names rather than emails.
        rows = [
            {**r, "mentor": s.mentor_name, "mentee": s.mentee_name}
            for r, s in zip(records, found, strict=True)
        ]
    columns, headers = list(SESSION_KEYS), list(SESSION_HEADERS)
    if include_notes:
        columns.append("notes")
        headers.append("Notes")
    minutes = sum(s.minutes for s in found)
    title = f"Sessions ({len(found)}, {minutes} minutes)"
    if fmt is Format.table and rows:
        sessions_table(rows, include_notes=include_notes, title=title, output=output)
        return
    emit_listing(
        rows=rows,
        json_data=records,
        columns=columns,
        headers=headers,
        fmt=fmt,
        output=output,
        title=title,
        empty="No sessions match; record one with `revmentor log`.",
    )


def sessions_table(
    rows: Sequence[dict], *, include_notes: bool, title: str, output: Path | None
) -> None:
    """The terminal table, drawn as a grid (see render/grid.py: 20,000 sessions
    show in well under a second): short columns never wrap (a date broken over
    two lines is hard to read) and both ratings share one column."""
    from revmentor.render.console import render_table_text
    from revmentor.render.formats import flat
    from revmentor.render.grid import GridColumn, GridTable, text_cell

    def rating(value) -> str:
        return "-" if value is None else str(value)

    columns = [
        GridColumn("ID", justify="right"),
        GridColumn("Date"),
        GridColumn("Mentor", fold=True),
        GridColumn("Mentee", fold=True),
        GridColumn("Min", justify="right"),
        GridColumn("Topics", fold=True),
        GridColumn("Ratings", justify="center"),
    ]
    if include_notes:
        columns.append(GridColumn("Notes", fold=True, share=2))
    table = GridTable(
        title=title, columns=columns, caption="Ratings: mentor / mentee, 1-5."
    )
    for row in rows:
        ratings = (
            f"{rating(row['mentor_rating'])} / {rating(row['mentee_rating'])}"
            if row["mentor_rating"] is not None or row["mentee_rating"] is not None
            else ""
        )
        cells = [
            str(row["id"]),
            row["date"],
            row["mentor"],
            row["mentee"],
            str(row["minutes"]),
            flat(row["topics"]),
            ratings,
        ]
        if include_notes:
            cells.append(row.get("notes") or "")
        table.add_row(*(text_cell(text) for text in cells))
    render_table_text(table, output)
