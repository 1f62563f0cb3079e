"""The report in the terminal (Rich): header, summary, outcomes, pairs, unpaired.

Every value goes in as a ``Text`` object, never as markup, so a name such as
``[bold]x[/]`` is shown as typed.
"""

from __future__ import annotations

from pathlib import Path

from revmentor.domain.progress import BEHIND, ENDED, ON_TRACK, STALLED
from revmentor.domain.report import Report
from revmentor.render import report_text as words

STATUS_STYLES = {ON_TRACK: "green", BEHIND: "yellow", STALLED: "bold red", ENDED: "dim"}


# Narrower than this, the pairs table leaves out "Paired on" and the topics so
# that names stay readable (files and JSON always have every column).
WIDE = 120


def renderables(report: Report, width: int = WIDE) -> list:
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list = []

    # Header: the program, its dates and objectives.
    header = Text()
    header.append(words.dates_line(report))
    header.append("\n")
    header.append(words.as_of_line(report), style="bold")
    if report.program.objectives:
        header.append("\n\nObjectives", style="bold")
        for objective in report.program.objectives:
            header.append("\n  • ")
            header.append(objective)
    parts.append(
        Panel(
            header,
            title=Text(report.program.name, style="bold"),
            title_align="left",
            border_style="cyan",
            padding=(0, 1),
        )
    )

    # Summary figures.
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
    parts.append(Panel(summary, title="Summary", title_align="left", padding=(0, 1)))

    # Outcomes per topic.
    if report.outcomes:
        midpoint = words.shows_midpoint(report)
        outcomes = Table(
            title="Outcomes (check-in scores, 1–5)",
            title_justify="left",
            title_style="bold",
            caption="Change: mean final score − mean baseline score.",
            caption_justify="left",
            header_style="bold",
        )
        outcomes.add_column("Topic", overflow="fold")
        outcomes.add_column("Baseline", justify="right", no_wrap=True)
        if midpoint:
            outcomes.add_column("Midpoint", justify="right", no_wrap=True)
        outcomes.add_column("Final", justify="right", no_wrap=True)
        outcomes.add_column("Change", justify="right", no_wrap=True)
        for o in report.outcomes:
            style = ""
            if o.change is not None and o.change != 0:
                style = "green" if o.change > 0 else "red"
            row = [
                Text(o.topic),
                Text(words.mean_text(o.baseline_mean, o.baseline_n)),
            ]
            if midpoint:
                row.append(Text(words.mean_text(o.midpoint_mean, o.midpoint_n)))
            row += [
                Text(words.mean_text(o.final_mean, o.final_n)),
                Text(words.change_text(o.change), style=style),
            ]
            outcomes.add_row(*row)
        parts.append(outcomes)

    # One row per pair.
    if report.pairs:
        several_rounds = len(report.rounds) > 1
        wide = width >= WIDE
        pairs = Table(
            title=f"Pairs ({len(report.pairs)})",
            title_justify="left",
            title_style="bold",
            header_style="bold",
        )
        pairs.add_column("Mentor", overflow="fold", min_width=10)
        pairs.add_column("Mentee", overflow="fold", min_width=10)
        if several_rounds:
            pairs.add_column("Round", justify="right")
        if wide:
            pairs.add_column("Paired on", no_wrap=True)
        pairs.add_column("Sessions", no_wrap=True)
        pairs.add_column("Last session", no_wrap=True)
        pairs.add_column("Status", no_wrap=True)
        if wide:
            pairs.add_column("Topics covered", overflow="fold", ratio=1)
        if report.include_notes:
            pairs.add_column("Latest notes", overflow="fold", ratio=1)
        for p in report.pairs:
            style = STATUS_STYLES[p.status]
            row = [Text(p.mentor_name), Text(p.mentee_name)]
            if several_rounds:
                row.append(Text(str(p.round)))
            if wide:
                row.append(Text(p.paired_on.isoformat()))
            row += [
                Text.assemble(
                    (words.bar(p.held, p.expected, 10 if wide else 6), style),
                    f" {p.held}/{p.expected}",
                ),
                Text.assemble(
                    words.last_session_text(p),
                    (f"\n{words.contact_text(p)}", "dim"),
                ),
                Text(words.STATUS_LABELS[p.status], style=style),
            ]
            if wide:
                row.append(Text(", ".join(p.topics_covered) or "—"))
            if report.include_notes:
                notes = (
                    f"{p.latest_notes_on.isoformat()}: {p.latest_notes}"
                    if p.latest_notes and p.latest_notes_on
                    else p.latest_notes or "—"
                )
                row.append(Text(notes))
            pairs.add_row(*row)
        parts.append(pairs)
    if report.pairs_note:
        parts.append(Padding(Text(report.pairs_note, style="yellow"), (0, 1)))

    # The unpaired, with why.
    specific, waiting = words.unpaired_groups(report)
    if report.unpaired:
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
        parts.append(
            Panel(
                body,
                title=f"Unpaired ({len(report.unpaired)})",
                title_align="left",
                border_style="yellow",
                padding=(0, 1),
            )
        )
    elif words.anyone_active(report):
        parts.append(Padding(Text("Everyone active is paired.", style="green"), (0, 1)))
    return parts


def print_report(report: Report, output: Path | None) -> None:
    """Show the report in the terminal, or save it as plain text (no colour)."""
    from revmentor.render.console import stdout_console, write_text

    if output is None:
        _print(stdout_console(), report)
        return
    import io

    from rich.console import Console

    buffer = io.StringIO()
    _print(Console(file=buffer, width=120, no_color=True, highlight=False), report)
    write_text(buffer.getvalue(), output)


def _print(console, report: Report) -> None:
    for i, part in enumerate(renderables(report, console.width)):
        if i > 1:  # header and summary sit together; a blank line between the rest
            console.print()
        console.print(part)
