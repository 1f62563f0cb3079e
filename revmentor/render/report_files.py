"""The report as files people share: JSON, CSV (one row per pair) and Markdown."""

from __future__ import annotations

from revmentor.domain.outcomes import OutcomeRow
from revmentor.domain.report import Report, pair_dict
from revmentor.render import report_text as words
from revmentor.render.formats import markdown_text as md

CSV_COLUMNS = (
    "mentor",
    "mentor_name",
    "mentee",
    "mentee_name",
    "round",
    "paired_on",
    "held",
    "expected",
    "status",
    "last_session",
    "days_since_contact",
    "minutes",
    "topics_covered",
    "ended_on",
    "goals_set",
    "goals_reached",
    "goals_open",
    "goals_overdue",
    "goals_dropped",
)
# The coordinator's notes: only with --include-notes.
NOTES_COLUMNS = ("end_reason", "latest_notes_on", "latest_notes")


def report_json(report: Report) -> str:
    from revmentor.render.formats import to_json

    return to_json(report.as_dict())


def report_csv(report: Report) -> str:
    """One row per pair; every cell neutralised against spreadsheet formulas."""
    from revmentor.render.formats import to_csv

    columns = list(CSV_COLUMNS)
    rows = []
    for pair in report.pairs:
        row = pair_dict(pair, include_notes=False)
        goals = row.pop("goals")
        row.update({f"goals_{k}": v for k, v in goals.items()})
        if report.include_notes:
            row["end_reason"] = pair.end_reason
            row["latest_notes_on"] = (
                pair.latest_notes_on.isoformat() if pair.latest_notes else None
            )
            row["latest_notes"] = pair.latest_notes
        rows.append(row)
    if report.include_notes:
        columns += NOTES_COLUMNS
    return to_csv(rows, columns)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(md(h) for h in headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(md(cell) or " " for cell in row) + " |")
    return lines


def _outcomes_markdown(rows: list[OutcomeRow], title: str, first: str) -> list[str]:
    if not rows:
        return []
    midpoint = words.shows_midpoint(rows)
    scale = "how much people agree" if first == "Statement" else "how confident"
    lines = [f"## {title}", ""]
    lines += [f"Check-in scores (1–5, {scale}). {words.OUTCOMES_CAPTION}", ""]
    lines += _table(
        [first, *words.outcome_headers(midpoint)],
        [words.outcome_cells(o, midpoint) for o in rows],
    )
    return [*lines, ""]


def _topics_markdown(report: Report) -> list[str]:
    if not report.topic_sessions:
        return []
    lines = [f"## {words.TOPICS_TITLE}", ""]
    lines += _table(
        ["Topic", "Sessions", "Pairs"],
        [[t.topic, str(t.sessions), str(t.pairs)] for t in report.topic_sessions],
    )
    return [*lines, ""]


def _header_markdown(report: Report) -> list[str]:
    p = report.program
    lines = [f"# {md(p.name)}", "", md(words.dates_line(report)), ""]
    lines += [f"**{md(words.as_of_line(report))}**", ""]
    for warning in report.warnings:
        lines += [f"> **Warning:** {md(warning)}.", ""]
    if p.objectives:
        lines += ["Objectives:", ""]
        lines += [f"- {md(objective)}" for objective in p.objectives]
        lines.append("")
    return lines


def _summary_markdown(report: Report) -> list[str]:
    figures = [list(f) for f in words.summary_figures(report)]
    return ["## Summary", "", *_table(["Figure", "Value"], figures), ""]


def _pair_cells(report: Report, pair, several_rounds: bool) -> list[str]:
    row = [pair.mentor_name, pair.mentee_name]
    if several_rounds:
        row.append(str(pair.round))
    row += [
        pair.paired_on.isoformat(),
        f"{words.bar(pair.held, pair.expected)} {pair.held}/{pair.expected}",
        words.last_session_text(pair),
        words.STATUS_LABELS[pair.status],
    ]
    if report.has_goals:
        row.append(words.pair_goals_text(pair.goals))
    row.append(", ".join(pair.topics_covered) or "—")
    if report.include_notes:
        row.append(pair.latest_notes or "—")
    return row


def _pairs_markdown(report: Report) -> list[str]:
    lines = [f"## Pairs ({len(report.pairs)})", ""]
    if report.pairs:
        several_rounds = len(report.rounds) > 1
        headers = ["Mentor", "Mentee", *(["Round"] if several_rounds else [])]
        headers += ["Paired on", "Sessions", "Last session", "Status"]
        headers += ["Goals"] if report.has_goals else []
        headers += ["Topics covered"]
        headers += ["Latest notes"] if report.include_notes else []
        rows = [_pair_cells(report, pair, several_rounds) for pair in report.pairs]
        lines += _table(headers, rows)
    if report.pairs_note:
        lines.append(md(report.pairs_note))
    return [*lines, ""]


def _unpaired_markdown(report: Report) -> list[str]:
    lines = [f"## Unpaired ({len(report.unpaired)})", ""]
    specific, waiting = words.unpaired_groups(report)
    lines += [
        f"- **{md(u.name)}** ({md(u.role)}, {md(u.email)}): {md(u.reason)}"
        for u in specific
    ]
    if waiting:
        lines.append(f"- {md(words.waiting_text(waiting))}")
    if not report.unpaired:
        lines.append(
            "Everyone active is paired."
            if words.anyone_active(report)
            else "Nobody is active in the program yet."
        )
    return lines


def report_markdown(report: Report) -> str:
    """The same sections as the terminal report, ready to paste."""
    lines = [
        *_header_markdown(report),
        *_summary_markdown(report),
        *_outcomes_markdown(report.outcomes, "Outcomes", "Topic"),
        *_outcomes_markdown(report.statements, "Statements", "Statement"),
        *_topics_markdown(report),
        *_pairs_markdown(report),
        *_unpaired_markdown(report),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
