"""The report in the terminal (Rich): header, summary, outcomes, statements,
topics, pairs, unpaired.

Every value goes in as a ``Text`` object, never as markup, so a name such as
``[bold]x[/]`` is shown as typed.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, NewLine
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from revmentor.domain.outcomes.report import PairRow, Report
from revmentor.domain.sessions.progress import BEHIND, ENDED, ON_TRACK, STALLED
from revmentor.render.console import Listing, show
from revmentor.render.report import text as words

# The pairs' columns left out on a narrow terminal, in this order (files have
# them all): the pairing day first (a pair yet to meet says "paired 20 days
# ago"); mentor, mentee, sessions and status always stay.
NARROW_FIRST = "Paired on|Goals|Topics covered|Round|Latest notes|Last session"
STATUS_STYLES = {ON_TRACK: "green", BEHIND: "yellow", STALLED: "bold red", ENDED: "dim"}


def _panel(body, title: Text | str, border: str = "none") -> Panel:
    return Panel(
        body, title=title, title_align="left", border_style=border, padding=(0, 1)
    )


def _header(report: Report) -> Panel:
    text = Text(words.dates_line(report) + "\n")
    text.append(words.as_of_line(report), style="bold")
    if report.program.objectives:
        text.append("\n\nObjectives", style="bold")
        for objective in report.program.objectives:
            text.append(f"\n  • {objective}")
    return _panel(text, Text(report.program.name, style="bold"), "cyan")


def _summary(report: Report) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    sessions = report.summary.sessions
    for label, value in words.summary_figures(report):
        cell = Text(value)
        if label == "Sessions" and sessions["expected"]:
            bar = words.bar(sessions["held"], sessions["expected"], 20)
            cell = Text.assemble((bar, "cyan"), " ", value)
        grid.add_row(Text(label), cell)
    return _panel(grid, "Summary")


def _change_style(cell: str) -> str:
    """Rises green, falls red; means, counts and dashes plain."""
    if cell.startswith(("+", "-")) and cell[1:] != "0.00":
        return "green" if cell[0] == "+" else "red"
    return ""


def _figures(figures: words.Figures) -> Table:
    """A table of a name then figures (outcomes, topics)."""
    table = Table(title=figures.title, title_style="bold", title_justify="left")
    table.caption, table.caption_justify = figures.intro or None, "left"
    table.add_column(figures.headers[0], overflow="fold")
    for heading in figures.headers[1:]:
        table.add_column(heading, justify="right", no_wrap=True)
    for name, *cells in figures.rows:
        table.add_row(Text(name), *(Text(c, style=_change_style(c)) for c in cells))
    return table


def _pair_cell(header: str, text: str, pair: PairRow) -> Text:
    style = STATUS_STYLES[pair.status]
    if header == "Sessions":
        bar = words.bar(pair.held, pair.expected)
        return Text.assemble((bar, style), f" {pair.held}/{pair.expected}")
    if header == "Last session":
        return Text.assemble(text, "\n", (words.contact_text(pair), "dim"))
    return Text(text, style=style if header == "Status" else "")


def _pairs(report: Report) -> Listing | None:
    """The pairs, fitted to the width as every listing is: rather than break a
    name, the least useful columns go first (files have them all)."""
    if not report.pairs:
        return None
    columns = words.pair_columns(report)
    rows = [[_pair_cell(h, c(p), p) for h, c in columns] for p in report.pairs]
    title, headers = f"Pairs ({len(rows)})", [header for header, _ in columns]
    narrow = NARROW_FIRST.split("|")
    return Listing(title, headers, rows, optional=narrow, whole=("Sessions", "Status"))


def _unpaired(report: Report) -> Panel:
    specific, sentences = words.unpaired_lines(report)
    lines = [
        Text.assemble(
            (u.name, "bold"), (f" ({u.role}, {u.email})", "dim"), f": {u.reason}"
        )
        for u in specific
    ]
    body = Text("\n").join([*lines, *map(Text, sentences)])
    return _panel(body, f"Unpaired ({len(report.unpaired)})", "yellow")


def print_report(report: Report, output: Path | None) -> None:
    """Show the report in the terminal, or save it as plain text (no colour)."""
    warnings = Text("\n").join(
        Text.assemble(("Warning: ", "bold yellow"), (f"{w}.", "yellow"))
        for w in report.warnings
    )
    parts = [
        Padding(warnings, (0, 1)) if report.warnings else None,
        _summary(report),
        *map(_figures, words.figure_tables(report)),
        _pairs(report),
        Padding(Text(report.note, style="yellow"), (0, 1)) if report.note else None,
        _unpaired(report),
    ]
    # Header and summary sit together; a blank line between the rest.
    shown = [part for part in parts if part is not None]
    spaced = [shown[0], *(x for part in shown[1:] for x in (NewLine(), part))]
    show(Group(_header(report), *spaced), output)
