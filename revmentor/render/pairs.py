"""How pairs, a pairing run and its explanation look: records for JSON, rows for
tables and files, Rich tables for the terminal."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.text import plural
from revmentor.render import formats
from revmentor.render.console import Listing, emit_listing, show, write_text
from revmentor.render.formats import Format, column_header, markdown_text, pick_format

if TYPE_CHECKING:  # the matcher loads only when `pair` runs
    from revmentor.domain.pairing.matching import PairingOutcome

PAIR_COLUMNS = ["id", "round", "mentor", "mentee", "paired_on", "score"]
PAIR_COLUMNS += ["shared_topics", "status"]
# A stored pair for JSON: emails identify people; keys are stable. Dates are
# written as YYYY-MM-DD by every writer.
PAIR_KEYS = [*PAIR_COLUMNS, "mentor_name", "mentee_name", "reasons", "fixed"]
PAIR_KEYS += ["ended_on", "end_reason", "fit"]


def show_pair_list(
    pairs: list[StoredPair],
    *,
    include_ended: bool,
    fmt: str | None,
    output: Path | None,
    empty: str,
    include_notes: bool = False,
) -> None:
    """`revmentor pairs`: the stored pairs in any listing format.

    End reasons and fit answers are the coordinator's notes: they are left out
    unless ``include_notes`` asks for them.
    """
    fmt = pick_format(fmt, output)
    keys = PAIR_KEYS if include_notes else PAIR_KEYS[:-2]  # end_reason, fit
    records = [{key: getattr(p, key) for key in keys} for p in pairs]
    ended = ["ended_on", "end_reason"][: 1 + include_notes] if include_ended else []
    rows = records
    if fmt is Format.table:  # names; when (and why) a pair ended in one column
        rows = [
            {**r, "mentor": r["mentor_name"], "mentee": r["mentee_name"]}
            | {"score": f"{r['score']:.2f}"}  # as `pair` shows it
            | {"ended": ": ".join(str(r[key]) for key in ended if r[key])}
            for r in records
        ]
        ended = ["ended"] if ended else []
    emit_listing(
        rows=rows,
        json_data=records,
        columns=[*PAIR_COLUMNS, *ended],
        fmt=fmt,
        output=output,
        title=f"Pairs ({len(rows)})",
        empty=empty,
    )


def outcome_pairs(outcome: PairingOutcome) -> list[dict[str, Any]]:
    """The new pairs of a pairing run, JSON-ready (reasons as sentences)."""
    return [
        vars(p)  # shallow: the reasons are replaced by their sentences just below
        | {"reasons": [r.text for r in p.reasons]}
        | {"paired_on": str(outcome.paired_on), "round": outcome.round}
        | {"status": "active"}
        | {"mentor_name": outcome.names[p.mentor]}  # everyone enrolled has a name
        | {"mentee_name": outcome.names[p.mentee]}
        for p in outcome.pairs
    ]


def _heading(outcome: PairingOutcome, dry_run: bool) -> str:
    verb = "Would make" if dry_run else "Made"
    heading = f"{verb} {plural(len(outcome.pairs), 'pair')} in round {outcome.round}"
    if outcome.ended:
        heading += f" (ended {plural(outcome.ended, 'earlier pair')})"
    return heading


def show_pairing(
    outcome: PairingOutcome,
    *,
    fmt: str | None,
    output: Path | None,
    explain: bool,
    dry_run: bool,
    interactive: bool = False,
) -> None:
    """`revmentor pair`: what was paired, in any format; with ``explain`` the
    reasons, the unpaired and unmet preferences too. Output longer than the
    screen goes through a pager in an ``interactive`` terminal."""
    fmt = pick_format(fmt, output)
    if fmt is Format.table:
        renderable = pairing_renderable(outcome, explain=explain, dry_run=dry_run)
        show(renderable, output, page=interactive)
        return
    # Written as it is: `pair` itself says what it wrote.
    pairs = outcome_pairs(outcome)
    listed = [{**p, "reasons": "; ".join(p["reasons"])} for p in pairs]
    columns = ["mentor", "mentee", "round", "score", "shared_topics", "reasons"]
    if fmt is Format.json:
        document = {"pairs": pairs, "unpaired": [asdict(u) for u in outcome.unpaired]}
        document["preferences_not_met"] = [asdict(n) for n in outcome.unmet_preferences]
        text = formats.to_json(document)
    elif explain and fmt is Format.markdown:
        text = explanation_markdown(outcome, dry_run=dry_run)
    elif explain:  # CSV: one row per pair, unpaired person and unmet preference
        rows = [{**p, "kind": "pair", "why": p["reasons"]} for p in listed]
        for title, items in _left_over(outcome).items():
            kind = "unpaired" if title == "Unpaired" else "preference not met"
            rows += [
                {"kind": kind, "person": e, "role": r, "why": w} for e, r, w in items
            ]
        columns = ["kind", "mentor", "mentee", "score", "person", "role", "why"]
        text = formats.to_csv(rows, columns)
    elif fmt is Format.csv:
        text = formats.to_csv(listed, columns)
    else:
        text = formats.to_markdown(listed, columns, [column_header(c) for c in columns])
    write_text(text, output)


def pairing_renderable(outcome: PairingOutcome, *, explain: bool, dry_run: bool):
    """The terminal view of a pairing run, as one Rich renderable.

    With ``explain`` the reasons are bullets in a "Why" column; the first one
    already names the topics covered, so the shared-topics column is left out
    to give the reasons room on an 80-column terminal.
    """
    from rich.console import Group
    from rich.text import Text

    fixed, rows = "\n(fixed)" if explain else " (fixed)", []
    for p in outcome_pairs(outcome):
        mentor = Text.assemble(p["mentor_name"], (fixed if p["fixed"] else "", "dim"))
        why = "\n".join(f"• {r}" for r in p["reasons"])
        topics = ", ".join(p["shared_topics"]) or "—"
        rows.append(
            [mentor, p["mentee_name"], f"{p['score']:.2f}", why if explain else topics]
        )
    headers = ["Mentor", "Mentee", "Score", "Why" if explain else "Shared topics"]
    nobody = "No pairs would be made" if dry_run else "No new pairs"
    heading = _heading(outcome, dry_run)
    listing = Listing(heading, headers, rows, wide="Why", table={"show_lines": explain})
    parts: list = [
        listing if rows else Text(f"{nobody}: everyone who can be paired already is.")
    ]
    if outcome.unpaired and not explain:
        people = plural(len(outcome.unpaired), "person is", "people are")
        parts.append(Text(f"{people} unpaired; add --explain to see why.", "yellow"))
    for title, items in _left_over(outcome).items() if explain else ():
        cells = [
            [Text(outcome.names.get(e, e) + (f" ({r})" if r else ""), "bold"), why]
            for e, r, why in items
        ]
        if cells:
            parts.append(Listing(f"{title} ({len(cells)})", ["Who", "Why"], cells))
    if dry_run:
        parts.append(Text("Dry run: nothing was saved.", style="bold"))
    return Group(*parts)


def _left_over(outcome: PairingOutcome) -> dict[str, list[tuple[str, str, str]]]:
    """(email, role or "", why) of each unpaired person and unmet preference."""
    return {
        "Unpaired": [(u.email, u.role, u.reason) for u in outcome.unpaired],
        "Preferences not met": [
            (n.email, "", n.reason) for n in outcome.unmet_preferences
        ],
    }


def explanation_markdown(outcome: PairingOutcome, *, dry_run: bool) -> str:
    """`pair --explain --output FILE.md`: the pairs with why, then the unpaired."""

    def who(email: str) -> str:
        name = outcome.names.get(email)
        return markdown_text(f"{name} ({email})" if name and name != email else email)

    lines = [f"# {_heading(outcome, dry_run)}", ""]
    for p in outcome_pairs(outcome):
        fixed = " (fixed)" if p["fixed"] else ""
        lines += [f"## {who(p['mentor'])} → {who(p['mentee'])}{fixed}", ""]
        lines += [f"Score {p['score']:.2f}", ""]
        lines += [*(f"- {markdown_text(r)}" for r in p["reasons"]), ""]
    for title, items in _left_over(outcome).items():
        lines += [f"## {title} ({len(items)})", ""] if items else []
        for email, role, why in items:
            lines.append(
                f"- {who(email)}{f', {role}' if role else ''}: {markdown_text(why)}"
            )
        lines += [""] if items else []
    if dry_run:
        lines += ["Dry run: nothing was saved.", ""]
    return "\n".join(lines)
