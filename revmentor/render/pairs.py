"""How pairs, a pairing run and its explanation look: records for JSON, rows for
tables and files, Rich tables for the terminal."""

from __future__ import annotations

from pathlib import Path

from revmentor.domain.pairs import PairingOutcome, StoredPair
from revmentor.domain.reasons import texts
from revmentor.render.formats import Format

PAIR_LIST_COLUMNS = (
    ("id", "ID"),
    ("round", "Round"),
    ("mentor", "Mentor"),
    ("mentee", "Mentee"),
    ("paired_on", "Paired on"),
    ("score", "Score"),
    ("shared_topics", "Shared topics"),
    ("status", "Status"),
)


def pair_record(pair: StoredPair) -> dict[str, object]:
    """A stored pair for JSON: emails identify people; keys are stable."""
    return {
        "id": pair.id,
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "mentor_name": pair.mentor_name,
        "mentee_name": pair.mentee_name,
        "round": pair.round,
        "paired_on": pair.paired_on.isoformat(),
        "score": pair.score,
        "shared_topics": pair.shared_topics,
        "reasons": pair.reasons,
        "fixed": pair.fixed,
        "status": pair.status,
        "ended_on": pair.ended_on.isoformat() if pair.ended_on else None,
        "end_reason": pair.end_reason,
        "fit": pair.fit,
    }


def _ended(record: dict) -> str:
    if not record["ended_on"]:
        return ""
    reason = record.get("end_reason")
    return f"{record['ended_on']}: {reason}" if reason else str(record["ended_on"])


def show_pair_list(
    pairs: list[StoredPair],
    *,
    include_ended: bool,
    fmt: Format,
    output: Path | None,
    empty: str,
    include_notes: bool = False,
) -> None:
    """`revmentor pairs`: the stored pairs in any listing format.

    End reasons and fit answers are the coordinator's notes: they are left out
    unless ``include_notes`` asks for them.
    """
    from revmentor.render.console import emit_listing
    from revmentor.render.formats import pick_format

    fmt = pick_format(fmt, output)
    records = [pair_record(p) for p in pairs]
    if not include_notes:
        for record in records:
            del record["end_reason"], record["fit"]
    if fmt is Format.table:
        rows = [
            {
                **r,
                "mentor": r["mentor_name"],
                "mentee": r["mentee_name"],
                "ended": _ended(r),
            }
            for r in records
        ]
    else:
        rows = [{**r, "reasons": "; ".join(r["reasons"])} for r in records]
    columns = [key for key, _ in PAIR_LIST_COLUMNS]
    headers = [header for _, header in PAIR_LIST_COLUMNS]
    if include_ended:
        if fmt is Format.table:
            columns.append("ended")
            headers.append("Ended")
        else:
            columns.append("ended_on")
            headers.append("Ended on")
            if include_notes:
                columns.append("end_reason")
                headers.append("End reason")
    emit_listing(
        rows=rows,
        json_data=records,
        columns=columns,
        headers=headers,
        fmt=fmt,
        output=output,
        title=f"Pairs ({len(rows)})",
        empty=empty,
    )


# --------------------------------------------------------------------------- a run


def outcome_pairs(outcome: PairingOutcome) -> list[dict[str, object]]:
    """The new pairs of a pairing run, JSON-ready (reasons as sentences)."""
    names = outcome.names
    return [
        {
            "mentor": p.mentor,
            "mentee": p.mentee,
            "mentor_name": names.get(p.mentor, p.mentor),
            "mentee_name": names.get(p.mentee, p.mentee),
            "round": outcome.round,
            "paired_on": outcome.paired_on.isoformat(),
            "score": p.score,
            "shared_topics": p.shared_topics,
            "reasons": texts(p.reasons),
            "fixed": p.fixed,
            "status": "active",
        }
        for p in outcome.pairs
    ]


def outcome_document(outcome: PairingOutcome) -> dict[str, object]:
    """`pair --format json`: the pairs, the unpaired and unmet preferences."""
    return {
        "pairs": outcome_pairs(outcome),
        "unpaired": [
            {"email": u.email, "role": u.role, "reason": u.reason}
            for u in outcome.unpaired
        ],
        "preferences_not_met": [
            {"email": n.email, "asked_for": n.asked_for, "reason": n.reason}
            for n in outcome.unmet_preferences
        ],
    }


def _heading(outcome: PairingOutcome, dry_run: bool) -> str:
    from revmentor.render.report_text import plural

    verb = "Would make" if dry_run else "Made"
    heading = f"{verb} {plural(len(outcome.pairs), 'pair')} in round {outcome.round}"
    if outcome.ended:
        heading += f" (ended {plural(outcome.ended, 'earlier pair')})"
    return heading


def show_pairing(
    outcome: PairingOutcome,
    *,
    fmt: Format,
    output: Path | None,
    explain: bool,
    dry_run: bool,
    interactive: bool = False,
) -> None:
    """`revmentor pair`: what was paired, in any format; with ``explain`` the
    reasons, the unpaired and unmet preferences too. Long explanations go
    through a pager when shown in an ``interactive`` terminal."""
    from revmentor.render.console import emit_listing, write_text
    from revmentor.render.formats import pick_format, to_json

    fmt = pick_format(fmt, output)
    if fmt is Format.json:
        write_text(to_json(outcome_document(outcome)), output)
        return
    if explain and fmt is Format.markdown:
        write_text(explanation_markdown(outcome, dry_run=dry_run), output)
        return
    if explain and fmt is Format.csv:
        from revmentor.render.formats import to_csv

        write_text(to_csv(explanation_rows(outcome), EXPLANATION_COLUMNS), output)
        return
    if fmt is not Format.table:
        rows = [
            {**p, "reasons": "; ".join(p["reasons"])} for p in outcome_pairs(outcome)
        ]
        emit_listing(
            rows=rows,
            json_data=None,
            columns=["mentor", "mentee", "round", "score", "shared_topics", "reasons"],
            headers=["Mentor", "Mentee", "Round", "Score", "Shared topics", "Reasons"],
            fmt=fmt,
            output=output,
        )
        return
    _print(
        pairing_renderable(outcome, explain=explain, dry_run=dry_run),
        output,
        page=explain and interactive and output is None,
    )


def _print(renderable, output: Path | None, *, page: bool) -> None:
    """Print, or write as text; long output in a terminal goes through a pager."""
    from revmentor.render.console import render_table_text, stdout_console

    if output is not None or not page:
        render_table_text(renderable, output)
        return
    console = stdout_console()
    lines = console.render_lines(renderable, console.options, pad=False)
    if len(lines) <= console.height:
        console.print(renderable)
        return
    # Plain text: a pager shows colour codes as stray characters unless told to
    # pass them on, and less, the usual one, is not told so by default.
    with console.pager(styles=False):
        console.print(renderable)


def pairing_renderable(outcome: PairingOutcome, *, explain: bool, dry_run: bool):
    """The terminal view of a pairing run, as one Rich renderable."""
    from rich.console import Group
    from rich.text import Text

    heading = _heading(outcome, dry_run)
    pairs = outcome_pairs(outcome)
    parts: list = []
    if pairs and explain:
        parts.append(_explained_table(pairs, heading))
    elif pairs:
        parts.append(_pairs_table(pairs, heading))
    else:
        nobody = "No pairs would be made" if dry_run else "No new pairs"
        parts.append(Text(f"{nobody}: everyone who can be paired already is."))
    if outcome.unpaired:
        if explain:
            parts.append(unpaired_panel(outcome.unpaired, outcome.names))
        else:
            count = len(outcome.unpaired)
            parts.append(
                Text(
                    f"{count} {'person is' if count == 1 else 'people are'} unpaired; "
                    "add --explain to see why.",
                    style="yellow",
                )
            )
    if explain and outcome.unmet_preferences:
        parts.append(preferences_panel(outcome))
    if dry_run:
        parts.append(Text("Dry run: nothing was saved.", style="bold"))
    return Group(*parts)


def _pairs_table(pairs: list[dict], heading: str):
    """The pairs as a grid drawn line by line (see render/grid.py): a pairing of
    thousands shows in a fraction of the time a Rich table takes."""
    from revmentor.render.grid import GridColumn, GridTable, text_cell

    table = GridTable(
        title=heading,
        columns=[
            GridColumn("Mentor", fold=True),
            GridColumn("Mentee", fold=True),
            GridColumn("Shared topics", fold=True),
            GridColumn("Score", justify="right"),
        ],
    )
    for p in pairs:
        mentor = [(str(p["mentor_name"]), "")]
        if p["fixed"]:
            mentor.append((" (fixed)", "dim"))
        table.add_row(
            [mentor],
            text_cell(str(p["mentee_name"])),
            text_cell(", ".join(p["shared_topics"]) or "—"),
            text_cell(f"{p['score']:.2f}"),
        )
    return table


def _explained_table(pairs: list[dict], heading: str):
    """The pairs with their reasons as bullets in a "Why" column.

    The first reason already names the topics covered, so the shared-topics
    column is left out here to give the reasons room on an 80-column terminal;
    narrowed, the reasons keep three times the width of a name.
    """
    from revmentor.render.grid import GridColumn, GridTable, text_cell

    table = GridTable(
        title=heading,
        columns=[
            GridColumn("Mentor", fold=True),
            GridColumn("Mentee", fold=True),
            GridColumn("Score", justify="right"),
            GridColumn("Why", fold=True, share=3),
        ],
        row_lines=True,
    )
    for p in pairs:
        mentor = text_cell(str(p["mentor_name"]))
        if p["fixed"]:
            mentor += text_cell("(fixed)", "dim")
        table.add_row(
            mentor,
            text_cell(str(p["mentee_name"])),
            text_cell(f"{p['score']:.2f}"),
            [[(f"• {reason}", "")] for reason in p["reasons"]],
        )
    return table


def _who(email: str, names: dict[str, str]) -> str:
    name = names.get(email)
    return f"{name} ({email})" if name and name != email else email


def unpaired_panel(unpaired, names: dict[str, str]):
    """A Rich panel listing who is unpaired and why."""
    from rich.panel import Panel
    from rich.table import Table

    from revmentor.render.console import escape_markup as escape

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for item in unpaired:
        who = f"{names.get(item.email, item.email)} ({item.role})"
        table.add_row(escape(who), escape(item.reason))
    return Panel(
        table,
        title=f"Unpaired ({len(unpaired)})",
        title_align="left",
        border_style="yellow",
    )


def preferences_panel(outcome: PairingOutcome):
    """Preferences the pairing could not meet, and why (the coordinator's view)."""
    from rich.panel import Panel
    from rich.table import Table

    from revmentor.render.console import escape_markup as escape

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for note in outcome.unmet_preferences:
        table.add_row(
            escape(outcome.names.get(note.email, note.email)), escape(note.reason)
        )
    return Panel(
        table,
        title=f"Preferences not met ({len(outcome.unmet_preferences)})",
        title_align="left",
        border_style="cyan",
    )


# --------------------------------------------------------------------------- files

EXPLANATION_COLUMNS = ["kind", "mentor", "mentee", "score", "person", "role", "why"]


def explanation_rows(outcome: PairingOutcome) -> list[dict[str, object]]:
    """One row per pair, unpaired person and unmet preference (CSV)."""
    rows: list[dict[str, object]] = [
        {
            "kind": "pair",
            "mentor": p["mentor"],
            "mentee": p["mentee"],
            "score": p["score"],
            "why": "; ".join(p["reasons"]),
        }
        for p in outcome_pairs(outcome)
    ]
    rows += [
        {"kind": "unpaired", "person": u.email, "role": u.role, "why": u.reason}
        for u in outcome.unpaired
    ]
    rows += [
        {"kind": "preference not met", "person": n.email, "why": n.reason}
        for n in outcome.unmet_preferences
    ]
    return rows


def explanation_markdown(outcome: PairingOutcome, *, dry_run: bool) -> str:
    """`pair --explain --output FILE.md`: the pairs with why, then the unpaired."""
    from revmentor.render.formats import markdown_cell as cell

    names = outcome.names
    lines = [f"# {_heading(outcome, dry_run)}", ""]
    for p in outcome_pairs(outcome):
        fixed = " (fixed)" if p["fixed"] else ""
        lines.append(
            f"## {cell(_who(str(p['mentor']), names))} → "
            f"{cell(_who(str(p['mentee']), names))}{fixed}"
        )
        lines += ["", f"Score {p['score']:.2f}", ""]
        lines += [f"- {cell(reason)}" for reason in p["reasons"]]
        lines.append("")
    if outcome.unpaired:
        lines += [f"## Unpaired ({len(outcome.unpaired)})", ""]
        lines += [
            f"- {cell(_who(u.email, names))}, {u.role}: {cell(u.reason)}"
            for u in outcome.unpaired
        ]
        lines.append("")
    if outcome.unmet_preferences:
        lines += [f"## Preferences not met ({len(outcome.unmet_preferences)})", ""]
        lines += [
            f"- {cell(_who(n.email, names))}: {cell(n.reason)}"
            for n in outcome.unmet_preferences
        ]
        lines.append("")
    if dry_run:
        lines += ["Dry run: nothing was saved.", ""]
    return "\n".join(lines)
