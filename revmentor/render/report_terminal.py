"""The report in the terminal (Rich): header, summary, outcomes, statements,
topics, pairs, unpaired.

Every value goes in as a ``Text`` object, never as markup, so a name such as
``[bold]x[/]`` is shown as typed.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console, ConsoleOptions, NewLine, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from revmentor.domain.progress import BEHIND, ENDED, ON_TRACK, STALLED
from revmentor.domain.report import OutcomeRow, PairRow, Report
from revmentor.render import report_text as words

STATUS_STYLES = {ON_TRACK: "green", BEHIND: "yellow", STALLED: "bold red", ENDED: "dim"}
# Narrower than this, the pairs table leaves out "Paired on" and the topics so
# that names stay readable (files and JSON always have every column).
WIDE = 120
FREE = ("Mentor", "Mentee", "Topics covered", "Latest notes")


def _header(report: Report) -> Panel:
    text = Text.assemble(
        words.dates_line(report), "\n", (words.as_of_line(report), "bold")
    )
    if report.program.objectives:
        text.append("\n\nObjectives", style="bold")
        for objective in report.program.objectives:
            text.append(f"\n  • {objective}")
    title = Text(report.program.name, style="bold")
    return Panel(
        text, title=title, title_align="left", border_style="cyan", padding=(0, 1)
    )


def _summary(report: Report) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    sessions = report.summary.sessions
    for label, value in words.summary_figures(report):
        cell = Text(value)
        if label == "Sessions" and sessions["expected"]:
            cell = Text.assemble(
                (words.bar(sessions["held"], sessions["expected"], 20), "cyan"),
                " ",
                value,
            )
        grid.add_row(Text(label), cell)
    return Panel(grid, title="Summary", title_align="left", padding=(0, 1))


def _table(title: str, caption: str | None = None) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        caption=caption,
        caption_justify="left",
    )


def _change_style(cell: str) -> str:
    """Rises green, falls red; means and dashes plain."""
    if cell.startswith(("+", "-")) and cell[1:] != "0.00":
        return "green" if cell[0] == "+" else "red"
    return ""


def _outcomes(rows: list[OutcomeRow], title: str, first: str) -> Table | None:
    if not rows:
        return None
    headers, cells = words.outcome_table(rows)
    table = _table(title, words.OUTCOMES_CAPTION)
    table.add_column(first, overflow="fold")
    for heading in headers:
        table.add_column(heading, justify="right", no_wrap=True)
    for topic, *figures in cells:
        table.add_row(
            Text(topic), *(Text(cell, style=_change_style(cell)) for cell in figures)
        )
    return table


def _topics(report: Report) -> Table | None:
    if not report.topics:
        return None
    table = _table(words.TOPICS_TITLE)
    table.add_column("Topic", overflow="fold")
    table.add_column("Sessions", justify="right", no_wrap=True)
    table.add_column("Pairs", justify="right", no_wrap=True)
    for t in report.topics:
        table.add_row(Text(t.topic), str(t.sessions), str(t.pairs))
    return table


def _pair_cell(header: str, text: str, pair: PairRow, wide: bool) -> Text:
    style = STATUS_STYLES[pair.status]
    if header == "Sessions":
        return Text.assemble(
            (words.bar(pair.held, pair.expected, 10 if wide else 6), style),
            f" {text.split()[-1]}",
        )
    if header == "Last session":
        return Text.assemble(text, "\n", (words.contact_text(pair), "dim"))
    return Text(text, style=style if header == "Status" else "")


def _pairs(report: Report, width: int) -> Table | None:
    if not report.pairs:
        return None
    wide = width >= WIDE
    cells = {
        header: [_pair_cell(header, cell(pair), pair, wide) for pair in report.pairs]
        for header, cell in words.pair_columns(report)
        if wide or header not in ("Paired on", "Topics covered")
    }

    def least(header: str) -> int:  # the narrowest a column can be, with its borders
        if header in FREE:
            return 8 + 3
        return 3 + max(
            len(line)
            for t in [Text(header), *cells[header]]
            for line in t.plain.split("\n")
        )

    # Too narrow still: leave out the least useful columns (files have them all).
    for drop in ("Paired on", "Topics covered", "Last session", "Goals", "Round"):
        if sum(map(least, cells)) + 1 <= width:
            break
        cells.pop(drop, None)
    table = _table(f"Pairs ({len(report.pairs)})")
    for header in cells:
        # Free text folds (a name breaks only where it is longer than its
        # column); the short fixed cells never wrap.
        free = header in FREE
        table.add_column(
            header,
            justify="right" if header == "Round" else "left",
            overflow="fold",
            no_wrap=not free,
            min_width=8 if free else None,
        )
    for row in zip(*cells.values(), strict=True):
        table.add_row(*row)
    return table


def _unpaired(report: Report) -> Panel | Padding | None:
    if not report.unpaired:
        everyone = words.nobody_unpaired(report)
        return Padding(Text(everyone, style="green"), (0, 1)) if everyone else None
    specific, waiting = words.unpaired_groups(report)
    lines = [
        Text.assemble(
            (u.name, "bold"), (f" ({u.role}, {u.email})", "dim"), f": {u.reason}"
        )
        for u in specific
    ]
    body = Text("\n").join(lines + ([Text(waiting)] if waiting else []))
    title = f"Unpaired ({len(report.unpaired)})"
    return Panel(
        body, title=title, title_align="left", border_style="yellow", padding=(0, 1)
    )


class _Sections:
    """The sections in reading order, laid out for the width they get."""

    def __init__(self, report: Report):
        self.report = report

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> RenderResult:
        report = self.report
        warnings = Text("\n").join(
            Text.assemble(("Warning: ", "bold yellow"), (f"{w}.", "yellow"))
            for w in report.warnings
        )
        parts = [
            _header(report),
            Padding(warnings, (0, 1)) if report.warnings else None,
            _summary(report),
            _outcomes(report.outcomes, words.OUTCOMES_TITLE, "Topic"),
            _outcomes(report.statements, words.STATEMENTS_TITLE, "Statement"),
            _topics(report),
            _pairs(report, options.max_width),
            Padding(Text(report.note, style="yellow"), (0, 1)) if report.note else None,
            _unpaired(report),
        ]
        for i, part in enumerate(p for p in parts if p is not None):
            if i > 1:  # header and summary sit together; a blank line between the rest
                yield NewLine()
            yield part


def print_report(report: Report, output: Path | None) -> None:
    """Show the report in the terminal, or save it as plain text (no colour)."""
    from revmentor.render.console import render_table_text

    render_table_text(_Sections(report), output)
