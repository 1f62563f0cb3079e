"""How sessions, check-ins and goals look: confirmations, summaries, tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from revmentor.domain.sessions import FIT_LABELS, SessionEntry


def notice(message: str) -> None:
    """A confirmation on stderr, printed as given (names may hold brackets)."""
    from revmentor.render.console import stderr_console

    stderr_console().print(message, markup=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------- log


def session_summary(label: str, entry: SessionEntry, fit: str | None) -> None:
    """The answers of a new session, shown before asking to save it."""
    from rich.markup import escape
    from rich.table import Table

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
        f"{entry.minutes} minutes ({_plural(held, 'session')} so far)."
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
        notice(f"Marked {_plural(len(reached), 'goal')} reached: {numbers}.")
    if added_goal is not None:
        notice(f"Added goal #{added_goal}; `revmentor goals` lists the pair's goals.")


# ---------------------------------------------------------------- check-ins


def checkin_summary(
    name: str, phase: str, day: date, rows: Sequence[tuple[str, int, str]]
) -> None:
    """(topic, score, what it replaces) for each score about to be saved."""
    from rich.markup import escape
    from rich.table import Table

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


def sessions_table(
    rows: Sequence[dict], *, include_notes: bool, title: str, output: Path | None
) -> None:
    """The terminal table: short columns never wrap (a date broken over two
    lines is hard to read) and both ratings share one column."""
    from rich.markup import escape
    from rich.table import Table

    from revmentor.render.console import render_table_text
    from revmentor.render.formats import flat

    def rating(value) -> str:
        return "-" if value is None else str(value)

    table = Table(
        title=title, header_style="bold", caption="Ratings: mentor / mentee, 1-5."
    )
    table.add_column("ID", no_wrap=True, justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Mentor", overflow="fold")
    table.add_column("Mentee", overflow="fold")
    table.add_column("Min", no_wrap=True, justify="right")
    table.add_column("Topics", overflow="fold")
    table.add_column("Ratings", no_wrap=True, justify="center")
    if include_notes:
        table.add_column("Notes", overflow="fold", ratio=2)
    for row in rows:
        ratings = (
            f"{rating(row['mentor_rating'])} / {rating(row['mentee_rating'])}"
            if row["mentor_rating"] is not None or row["mentee_rating"] is not None
            else ""
        )
        cells = [
            str(row["id"]),
            row["date"],
            escape(row["mentor"]),
            escape(row["mentee"]),
            str(row["minutes"]),
            escape(flat(row["topics"])),
            ratings,
        ]
        if include_notes:
            cells.append(escape(row.get("notes") or ""))
        table.add_row(*cells)
    render_table_text(table, output)
