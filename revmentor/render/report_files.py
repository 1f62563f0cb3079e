"""The report as files people share: JSON, CSV (one row per pair) and Markdown;
and ``write_report``, which sends each format to its writer."""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path

from revmentor.domain.goals import GoalCounts
from revmentor.domain.report import PairRow, Report
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
        goals = {f"goals_{key}": n for key, n in asdict(pair.goals).items()}
        notes = pair.latest_notes
        noted = {
            "latest_notes_on": notes and notes.date,
            "latest_notes": notes and notes.text,
        }
        rows.append(asdict(pair) | goals | noted)
    return to_csv(rows, CSV_COLUMNS + (NOTES_COLUMNS if report.include_notes else []))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    table = [dict(zip(headers, row, strict=True)) for row in rows]
    return to_markdown(table, headers).splitlines() if rows else []


def report_markdown(report: Report) -> str:
    """The same sections as the terminal report, ready to paste."""
    md, p = markdown_text, report.program
    lines = [f"# {md(p.name)}", "", md(words.dates_line(report)), ""]
    lines += [f"**{md(words.as_of_line(report))}**", ""]
    for warning in report.warnings:
        lines += [f"> **Warning:** {md(warning)}.", ""]
    if p.objectives:
        lines += ["Objectives:", "", *(f"- {md(o)}" for o in p.objectives), ""]
    figures = [list(figure) for figure in words.summary_figures(report)]
    lines += ["## Summary", "", *_table(["Figure", "Value"], figures), ""]
    for rows, title, first, scale in (
        (report.outcomes, "Outcomes", "Topic", "how confident"),
        (report.statements, "Statements", "Statement", "how much people agree"),
    ):
        headers, cells = words.outcome_table(rows)
        intro = f"Check-in scores (1–5, {scale}). {words.OUTCOMES_CAPTION}"
        table = _table([first, *headers], cells)
        lines += [f"## {title}", "", intro, "", *table, ""] if rows else []
    if report.topics:
        topics = [[t.topic, str(t.sessions), str(t.pairs)] for t in report.topics]
        table = _table(["Topic", "Sessions", "Pairs"], topics)
        lines += [f"## {words.TOPICS_TITLE}", "", *table, ""]
    columns = words.pair_columns(report)
    table = _table(
        [h for h, _ in columns], [[c(p) for _, c in columns] for p in report.pairs]
    )
    note = [md(report.note)] if report.note else []
    lines += [f"## Pairs ({len(report.pairs)})", "", *table, *note, ""]
    specific, waiting = words.unpaired_groups(report)
    lines += [f"## Unpaired ({len(report.unpaired)})", ""]
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
    else:
        from revmentor.render.report_html import report_html

        writers = {Format.json: lambda r: to_json(r.as_dict()), Format.csv: report_csv}
        writers |= {Format.markdown: report_markdown, Format.html: report_html}
        write_text(writers[fmt](report), output)
    for warning in report.warnings if fmt is Format.csv else ():
        warn_about(warning)  # a CSV file has no place for a sentence
    if output is not None:
        kind = "text" if fmt is Format.table else fmt.value
        announce_written(output, f"the {kind} report")
