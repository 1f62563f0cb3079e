"""The report in the terminal (Rich): header, summary, outcomes, statements,
topics, pairs, unpaired; one function per section.

Every value goes in as a ``Text`` object, never as markup, so a name such as
``[bold]x[/]`` is shown as typed.
"""

from __future__ import annotations

from pathlib import Path

from revmentor.domain.outcomes import OutcomeRow
from revmentor.domain.progress import BEHIND, ENDED, ON_TRACK, STALLED
from revmentor.domain.report import PairRow, Report
from revmentor.render import report_text as words

STATUS_STYLES = {ON_TRACK: "green", BEHIND: "yellow", STALLED: "bold red", ENDED: "dim"}


# Narrower than this, the pairs table leaves out "Paired on" and the topics so
# that names stay readable (files and JSON always have every column).
WIDE = 120


def header_section(report: Report):
    from rich.panel import Panel
    from rich.text import Text

    header = Text()
    header.append(words.dates_line(report))
    header.append("\n")
    header.append(words.as_of_line(report), style="bold")
    if report.program.objectives:
        header.append("\n\nObjectives", style="bold")
        for objective in report.program.objectives:
            header.append("\n  • ")
            header.append(objective)
    return Panel(
        header,
        title=Text(report.program.name, style="bold"),
        title_align="left",
        border_style="cyan",
        padding=(0, 1),
    )


def summary_section(report: Report):
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column()
    s = report.summary
    for label, value in words.summary_figures(report):
        if label == "Sessions" and s.sessions_expected:
            cell = Text.assemble(
                (words.bar(s.sessions_held, s.sessions_expected, 20), "cyan"),
                " ",
                value,
            )
        else:
            cell = Text(value)
        summary.add_row(Text(label), cell)
    return Panel(summary, title="Summary", title_align="left", padding=(0, 1))


def outcomes_section(rows: list[OutcomeRow], title: str, first_column: str):
    """The outcomes of topics or statements; None when there are none."""
    if not rows:
        return None
    from rich.table import Table
    from rich.text import Text

    midpoint = words.shows_midpoint(rows)
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        caption=words.OUTCOMES_CAPTION,
        caption_justify="left",
        header_style="bold",
    )
    table.add_column(first_column, overflow="fold")
    for heading in words.outcome_headers(midpoint):
        table.add_column(heading, justify="right", no_wrap=True)
    for o in rows:
        cells = words.outcome_cells(o, midpoint)
        styled = [Text(cells[0])]
        styled += [Text(cell, style=_change_style(cell)) for cell in cells[1:]]
        table.add_row(*styled)
    return table


def _change_style(cell: str) -> str:
    """Rises green, falls red; means and dashes plain."""
    if cell.startswith("+") and cell != "+0.00":
        return "green"
    if cell.startswith("-") and cell != "-0.00":
        return "red"
    return ""


def topics_section(report: Report):
    if not report.topic_sessions:
        return None
    from rich.table import Table
    from rich.text import Text

    table = Table(title=words.TOPICS_TITLE, title_justify="left", title_style="bold")
    table.add_column("Topic", overflow="fold")
    table.add_column("Sessions", justify="right", no_wrap=True)
    table.add_column("Pairs", justify="right", no_wrap=True)
    for t in report.topic_sessions:
        table.add_row(Text(t.topic), str(t.sessions), str(t.pairs))
    return table


def _pair_cells(report: Report, p: PairRow, wide: bool, several_rounds: bool):
    """One row of the pairs grid: each cell a list of lines of (text, style)."""
    style = STATUS_STYLES[p.status]
    row = [[[(p.mentor_name, "")]], [[(p.mentee_name, "")]]]
    if several_rounds:
        row.append([[(str(p.round), "")]])
    if wide:
        row.append([[(p.paired_on.isoformat(), "")]])
    row += [
        [
            [
                (words.bar(p.held, p.expected, 10 if wide else 6), style),
                (f" {p.held}/{p.expected}", ""),
            ]
        ],
        [[(words.last_session_text(p), "")], [(words.contact_text(p), "dim")]],
        [[(words.STATUS_LABELS[p.status], style)]],
    ]
    if report.has_goals:
        row.append([[(words.pair_goals_text(p.goals), "")]])
    if wide:
        row.append([[(", ".join(p.topics_covered) or "—", "")]])
    if report.include_notes:
        notes = (
            f"{p.latest_notes_on.isoformat()}: {p.latest_notes}"
            if p.latest_notes and p.latest_notes_on
            else p.latest_notes or "—"
        )
        row.append([[(notes, "")]])
    return row


def pairs_section(report: Report, width: int):
    """The pairs as a grid drawn line by line: a program of a thousand pairs
    shows as fast as its JSON is written (see render/grid.py)."""
    if not report.pairs:
        return None
    from revmentor.render.grid import GridColumn, GridTable

    several_rounds = len(report.rounds) > 1
    wide = width >= WIDE
    columns = [
        GridColumn("Mentor", fold=True),
        GridColumn("Mentee", fold=True),
    ]
    if several_rounds:
        columns.append(GridColumn("Round", justify="right"))
    if wide:
        columns.append(GridColumn("Paired on"))
    columns += [
        GridColumn("Sessions"),
        GridColumn("Last session"),
        GridColumn("Status"),
    ]
    if report.has_goals:
        columns.append(GridColumn("Goals"))
    if wide:
        columns.append(GridColumn("Topics covered", fold=True))
    if report.include_notes:
        columns.append(GridColumn("Latest notes", fold=True))
    table = GridTable(title=f"Pairs ({len(report.pairs)})", columns=columns)
    for p in report.pairs:
        table.add_row(*_pair_cells(report, p, wide, several_rounds))
    return table


def pairs_note_section(report: Report):
    if not report.pairs_note:
        return None
    from rich.padding import Padding
    from rich.text import Text

    return Padding(Text(report.pairs_note, style="yellow"), (0, 1))


def warnings_section(report: Report):
    if not report.warnings:
        return None
    from rich.padding import Padding
    from rich.text import Text

    text = Text()
    for warning in report.warnings:
        if text:
            text.append("\n")
        text.append("Warning: ", style="bold yellow")
        text.append(f"{warning}.", style="yellow")
    return Padding(text, (0, 1))


def unpaired_section(report: Report):
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    if not report.unpaired:
        if not words.anyone_active(report):
            return None
        return Padding(Text("Everyone active is paired.", style="green"), (0, 1))
    specific, waiting = words.unpaired_groups(report)
    body = Text()
    for person in specific:
        if body:
            body.append("\n")
        body.append(person.name, style="bold")
        body.append(f" ({person.role}, {person.email})", style="dim")
        body.append(f": {person.reason}")
    if waiting:
        if body:
            body.append("\n")
        body.append(words.waiting_text(waiting))
    return Panel(
        body,
        title=f"Unpaired ({len(report.unpaired)})",
        title_align="left",
        border_style="yellow",
        padding=(0, 1),
    )


def renderables(report: Report, width: int = WIDE) -> list:
    """The sections in reading order, leaving out the empty ones."""
    parts = [
        header_section(report),
        warnings_section(report),
        summary_section(report),
        outcomes_section(report.outcomes, words.OUTCOMES_TITLE, "Topic"),
        outcomes_section(report.statements, words.STATEMENTS_TITLE, "Statement"),
        topics_section(report),
        pairs_section(report, width),
        pairs_note_section(report),
        unpaired_section(report),
    ]
    return [part for part in parts if part is not None]


def print_report(report: Report, output: Path | None) -> None:
    """Show the report in the terminal, or save it as plain text (no colour)."""
    from revmentor.render.console import stdout_console, write_text

    if output is None:
        _print(stdout_console(), report)
        return
    import io

    from revmentor.render.console import file_console

    buffer = io.StringIO()
    _print(file_console(buffer), report)
    write_text(buffer.getvalue(), output)


def _print(console, report: Report) -> None:
    for i, part in enumerate(renderables(report, console.width)):
        if i > 1:  # header and summary sit together; a blank line between the rest
            console.print()
        console.print(part)


def say_written(kind: str, output: Path) -> None:
    """'Wrote the html report to FILE.' on stderr, the path shown as typed."""
    from rich.text import Text

    from revmentor.render.console import stderr_console

    stderr_console().print(Text(f"Wrote the {kind} report to {output}."))
