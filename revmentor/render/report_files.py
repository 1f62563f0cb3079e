"""The report as files people share: JSON, CSV (one row per pair) and Markdown;
and ``write_report``, which sends each format to its writer."""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path

from revmentor.domain.goals import GoalCounts
from revmentor.domain.report import OutcomeRow, PairRow, Report
from revmentor.render import report_text as words
from revmentor.render.formats import Format, markdown_text, to_csv, to_json, to_markdown

# The pairs' own columns up to ended_on, then their goal counts; the
# coordinator's notes only with --include-notes.
CSV_COLUMNS = [f.name for f in fields(PairRow)][:14]
CSV_COLUMNS += [f"goals_{f.name}" for f in fields(GoalCounts)]
NOTES_COLUMNS = ["end_reason", "latest_notes_on", "latest_notes"]


def report_csv(report: Report) -> str:
    """One row per pair; every cell neutralised against spreadsheet formulas."""
    rows = []
    for pair in report.pairs:
        row = asdict(pair) | {
            f"goals_{key}": n for key, n in asdict(pair.goals).items()
        }
        notes = pair.latest_notes
        rows.append(
            row
            | {
                "latest_notes_on": notes and notes.date,
                "latest_notes": notes and notes.text,
            }
        )
    return to_csv(rows, CSV_COLUMNS + (NOTES_COLUMNS if report.include_notes else []))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    cells = [dict(zip(headers, row, strict=True)) for row in rows]
    return to_markdown(cells, headers).splitlines()


def _outcomes(rows: list[OutcomeRow], title: str, first: str, scale: str) -> list[str]:
    if not rows:
        return []
    headers, cells = words.outcome_table(rows)
    intro = f"Check-in scores (1–5, {scale}). {words.OUTCOMES_CAPTION}"
    return [f"## {title}", "", intro, "", *_table([first, *headers], cells), ""]


def report_markdown(report: Report) -> str:
    """The same sections as the terminal report, ready to paste."""
    md = markdown_text
    p = report.program
    lines = [
        f"# {md(p.name)}",
        "",
        md(words.dates_line(report)),
        "",
        f"**{md(words.as_of_line(report))}**",
        "",
    ]
    for warning in report.warnings:
        lines += [f"> **Warning:** {md(warning)}.", ""]
    if p.objectives:
        lines += ["Objectives:", "", *(f"- {md(o)}" for o in p.objectives), ""]
    lines += [
        "## Summary",
        "",
        *_table(["Figure", "Value"], [list(f) for f in words.summary_figures(report)]),
        "",
    ]
    lines += _outcomes(report.outcomes, "Outcomes", "Topic", "how confident")
    lines += _outcomes(
        report.statements, "Statements", "Statement", "how much people agree"
    )
    if report.topics:
        topics = [[t.topic, str(t.sessions), str(t.pairs)] for t in report.topics]
        lines += [
            f"## {words.TOPICS_TITLE}",
            "",
            *_table(["Topic", "Sessions", "Pairs"], topics),
            "",
        ]
    lines += [f"## Pairs ({len(report.pairs)})", ""]
    if report.pairs:
        columns = words.pair_columns(report)
        lines += _table(
            [h for h, _ in columns],
            [[cell(pair) for _, cell in columns] for pair in report.pairs],
        )
    lines += [md(report.note)] if report.note else []
    lines += ["", f"## Unpaired ({len(report.unpaired)})", ""]
    specific, waiting = words.unpaired_groups(report)
    lines += [
        f"- **{md(u.name)}** ({md(u.role)}, {md(u.email)}): {md(u.reason)}"
        for u in specific
    ]
    lines += [f"- {md(waiting)}"] if waiting else []
    if not report.unpaired:
        lines.append(
            words.nobody_unpaired(report) or "Nobody is active in the program yet."
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def write_report(report: Report, fmt: Format, output: Path | None) -> None:
    """Show the report in the terminal or write it in ``fmt`` to stdout or ``output``."""
    from revmentor.render.console import announce_written, warn_about, write_text

    if fmt is Format.table:
        from revmentor.render.report_terminal import print_report

        print_report(report, output)
    elif fmt is Format.html:
        from revmentor.render.report_html import report_html

        write_text(report_html(report), output)
    elif fmt is Format.csv:
        write_text(report_csv(report), output)
        for warning in report.warnings:  # a CSV file has no place for a sentence
            warn_about(warning)
    else:
        write_text(
            to_json(report.as_dict())
            if fmt is Format.json
            else report_markdown(report),
            output,
        )
    if output is not None:
        announce_written(
            output, f"the {'text' if fmt is Format.table else fmt.value} report"
        )
