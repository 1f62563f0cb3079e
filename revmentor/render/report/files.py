"""The report as files people share: JSON, CSV (one row per pair) and Markdown;
and ``write_report``, which sends each format to its writer."""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path

from revmentor.domain.outcomes.report import PairRow, Report
from revmentor.domain.sessions.goals import GoalCounts
from revmentor.render.console import say, warn_about, write_text
from revmentor.render.formats import Format, markdown_text, to_csv, to_json, to_markdown
from revmentor.render.report import text as words
from revmentor.render.report.html import report_html
from revmentor.render.report.terminal import print_report

# The pairs' own columns, then their goal counts; the coordinator's notes
# only with --include-notes.
NOTES_COLUMNS = ["end_reason", "latest_notes_on", "latest_notes"]
CSV_COLUMNS = [f.name for f in fields(PairRow) if f.name not in NOTES_COLUMNS]
CSV_COLUMNS.remove("goals")  # as its counts:
CSV_COLUMNS += [f"goals_{f.name}" for f in fields(GoalCounts)]


def report_csv(report: Report) -> str:
    """One row per pair; every cell neutralised against spreadsheet formulas."""
    rows = []
    for pair in report.pairs:
        row = asdict(pair)
        notes = row["latest_notes"] or {}
        row |= {f"goals_{key}": n for key, n in row["goals"].items()}
        row |= {"latest_notes_on": notes.get("date"), "latest_notes": notes.get("text")}
        rows.append(row)
    return to_csv(rows, CSV_COLUMNS + (NOTES_COLUMNS if report.include_notes else []))


def report_markdown(report: Report) -> str:
    """The same sections as the terminal report, ready to paste."""
    md, p = markdown_text, report.program
    lines = [f"# {md(p.name)}", "", md(words.dates_line(report)), ""]
    lines += [f"**{md(words.as_of_line(report))}**", ""]
    for warning in report.warnings:
        lines += [f"> **Warning:** {md(warning)}.", ""]
    if p.objectives:
        lines += ["Objectives:", "", *(f"- {md(o)}" for o in p.objectives), ""]
    columns = words.pair_columns(report)
    summary = [list(figure) for figure in words.summary_figures(report)]
    pairs = [[cell(pair) for _, cell in columns] for pair in report.pairs]
    pair_headers = [header for header, _ in columns]
    for title, intro, headers, rows in [
        words.Figures("Summary", "", ["Figure", "Value"], summary),
        *words.figure_tables(report),
        # The note (why there is no pair to show) stands in for the pairs.
        words.Figures(f"Pairs ({len(pairs)})", report.note or "", pair_headers, pairs),
    ]:
        table = [dict(zip(headers, row, strict=True)) for row in rows]
        lines += [f"## {title}", "", *([md(intro), ""] if intro else [])]
        lines += [*to_markdown(table, headers).splitlines(), ""] if rows else []
    specific, sentences = words.unpaired_lines(report)
    lines += [f"## Unpaired ({len(report.unpaired)})", ""]
    lines += [
        f"- **{md(u.name)}** ({md(u.role)}, {md(u.email)}): {md(u.reason)}"
        for u in specific
    ]
    lines += [f"- {md(s)}" for s in sentences]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_report(report: Report, fmt: Format, output: Path | None) -> None:
    """Show the report in the terminal or write it in ``fmt`` to stdout or ``output``."""
    if fmt is Format.table:
        print_report(report, output)
    else:
        writers = {Format.json: lambda r: to_json(r.as_dict()), Format.csv: report_csv}
        writers |= {Format.markdown: report_markdown, Format.html: report_html}
        write_text(writers[fmt](report), output)
    for warning in report.warnings if fmt is Format.csv else ():
        warn_about(warning)  # a CSV file has no place for a sentence
    if output is not None:
        kind = "text" if fmt is Format.table else fmt.value
        say(f"Wrote the {kind} report to {output}.")
