"""`revmentor pair`: import a roster if given, then pair the unpaired."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import table_options
from revmentor.commands.common import (
    FormatOption,
    OutputOption,
    fewer_gc_pauses,
    open_for_reading,
    open_for_writing,
)
from revmentor.domain import validation
from revmentor.errors import InvalidInput
from revmentor.render.console import ListFormat, warn

ROUND_DONE = "round completed"
NOT_A_GOOD_FIT = "not a good fit"


def pair_command(
    ctx: typer.Context,
    roster_path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[ROSTER]",
            help="Import this roster first (.yaml, .csv or .xlsx; same as "
            "`revmentor import`).",
            dir_okay=False,
        ),
    ] = None,
    sheet: table_options.Sheet = None,
    columns: table_options.ColumnMap = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show the pairs that would be made; save nothing."
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Show why each pair was made and who is unpaired."
        ),
    ] = False,
    new_round: Annotated[
        bool,
        typer.Option(
            "--new-round",
            help="End every active pair (round completed) and pair everyone again, "
            "never repeating an earlier pair.",
        ),
    ] = False,
    rematch: Annotated[
        bool,
        typer.Option(
            "--rematch",
            help="End pairs whose fit was logged as poor and pair those people again.",
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="When the pairs were made (default today).",
        ),
    ] = None,
    max_memory: Annotated[
        str | None,
        typer.Option(
            "--max-memory",
            metavar="SIZE",
            help="Most memory `pair` may use in all, such as 4GB or 500MB "
            "(default: the memory free on this machine). A larger pairing is "
            "refused before it starts. Example: revmentor pair roster.yaml "
            "--max-memory 8GB",
        ),
    ] = None,
    fmt: FormatOption = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """Pair every active, unpaired mentee with the best eligible mentor.

    The pairing makes as many pairs as possible, then the best total match
    (topics covered, different departments, diversity), and never pairs
    people in the same reporting line. Running it again only pairs people who
    are still unpaired.

    Examples:

      revmentor pair examples/roster.yaml --explain

      revmentor pair --dry-run --format json

      revmentor pair --new-round

      revmentor pair company.csv --max-memory 8GB
    """
    ctx.with_resource(fewer_gc_pauses())  # big rosters: see fewer_gc_pauses
    if new_round and rematch:
        raise InvalidInput("Choose either --new-round or --rematch, not both.")
    paired_on = validation.parse_date(on, "--date") if on is not None else date.today()
    if paired_on > date.today():
        raise InvalidInput(f"--date {paired_on} is in the future.")
    if roster_path is None and (sheet is not None or columns):
        raise InvalidInput("--sheet and --map need a roster file to read.")
    budget = _memory_budget(max_memory)
    roster = None
    if roster_path is not None:
        from revmentor.store.roster_import import read_roster

        roster = read_roster(roster_path, sheet, columns)
    # Without a roster there is nobody to pair in a new file: refuse rather
    # than create an empty program.
    store = open_for_writing(ctx) if roster is not None else open_for_reading(ctx)
    with store.write(dry_run=dry_run):
        summary = None
        if roster is not None:
            from revmentor.store.roster_import import apply_roster

            summary = apply_roster(store.db, roster, str(roster_path))
        outcome = _pair(
            store.db,
            paired_on,
            new_round=new_round,
            rematch=rematch,
            max_memory=budget,
        )
    if summary is not None:
        warn(summary.sentence())
    for warning in outcome["warnings"]:
        warn(f"Warning: {warning}")
    _show(outcome, fmt=fmt, output=output, explain=explain, dry_run=dry_run)


def _memory_budget(text: str | None) -> int | None:
    """Bytes `pair` may use: --max-memory, else what the machine has free.

    The free memory is read now, with this process already started, so what it
    holds so far (about the estimate's base) is added back.
    """
    from revmentor.domain.assignment import BASE_BYTES, parse_size

    if text is not None:
        return parse_size(text, "--max-memory")
    try:  # Linux: memory available without swapping, page cache included
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 + BASE_BYTES
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None  # unknown: no check


def _pair(
    db,
    paired_on: date,
    *,
    new_round: bool,
    rematch: bool,
    max_memory: int | None = None,
) -> dict:
    """Run the matcher against the stored program and save its pairs."""
    from revmentor.domain.matching import match
    from revmentor.domain.org import unknown_manager_count, unknown_manager_note
    from revmentor.domain.sessions import FIT_POOR
    from revmentor.store import pairs as pair_store
    from revmentor.store.org import org_managers
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program
    from revmentor.store.rules import list_rules

    program = load_program(db)
    ended = 0
    this_round = max(pair_store.current_round(db), 1)
    if new_round:
        if pair_store.current_round(db) == 0:
            raise InvalidInput(
                "There is no round to end yet: run `revmentor pair` first."
            )
        latest = pair_store.latest_active_pairing(db)
        if latest and paired_on < latest:
            raise InvalidInput(
                f"--date {paired_on} is before the active pairs it would end were "
                f"made (latest {latest}); a new round starts after the last one."
            )
        _check_ending(db, paired_on, lambda span: True)
        ended = pair_store.end_all_active(db, ROUND_DONE, paired_on)
        this_round += 1
    if rematch:
        poor = [p for p in pair_store.list_pairs(db) if p.fit == FIT_POOR]
        if not poor:
            raise InvalidInput(
                "No active pair has been logged as a poor fit "
                "(`revmentor log --fit poor`); nothing to rematch."
            )
        poor_ids = {pair.id for pair in poor}
        _check_ending(db, paired_on, lambda span: span.pair_id in poor_ids)
        for pair in poor:
            pair_store.end_pair(db, pair.id, NOT_A_GOOD_FIT, paired_on)
        ended = len(poor)
    active, ever = pair_store.pair_history(db)
    # A fixed pair is the coordinator's decision for one pairing: once made it is
    # history like any other pair, and a later round does not repeat it.
    made = set(ever)
    fixed = [pair for pair in list_rules(db, "fixed") if pair not in made]
    participants = list_participants(db)
    org = org_managers(db)
    result = match(
        participants,
        program.matching,
        active_pairs=active,
        past_pairs=ever,
        fixed=fixed,
        avoid=list_rules(db, "avoid"),
        max_memory=max_memory,
        org=org,
    )
    note = unknown_manager_note(unknown_manager_count(participants, org))
    pair_store.insert_pairs(
        db,
        [
            {
                "mentor": p.mentor,
                "mentee": p.mentee,
                "round": this_round,
                "paired_on": paired_on,
                "score": p.score,
                "reasons": p.reasons,
                "shared_topics": p.shared_topics,
                "fixed": p.fixed,
            }
            for p in result.pairs
        ],
    )
    pair_store.replace_unpaired(
        db, {u.email: u.reason for u in result.unpaired}, paired_on, this_round
    )
    names = {p.email: p.name for p in participants}
    return {
        "round": this_round,
        "ended": ended,
        "pairs": [
            {
                "mentor": p.mentor,
                "mentee": p.mentee,
                "mentor_name": names[p.mentor],
                "mentee_name": names[p.mentee],
                "round": this_round,
                "paired_on": paired_on.isoformat(),
                "score": p.score,
                "shared_topics": p.shared_topics,
                "reasons": p.reasons,
                "fixed": p.fixed,
                "status": "active",
            }
            for p in result.pairs
        ],
        "unpaired": [
            {"email": u.email, "role": u.role, "reason": u.reason}
            for u in result.unpaired
        ],
        "names": names,
        "warnings": [*result.warnings, *([note] if note else [])],
    }


def _check_ending(db, on: date, which) -> None:
    """The one pair-end rule for every active pair ``which`` selects."""
    from revmentor.domain.pair_end import check_pairs_end
    from revmentor.store.sessions import active_pair_spans

    spans = [span for span in active_pair_spans(db) if which(span)]
    try:
        check_pairs_end(on, spans, today=date.today())
    except InvalidInput as error:
        raise InvalidInput(f"--date: {error}.") from None


def _show(outcome: dict, *, fmt: ListFormat, output, explain: bool, dry_run: bool):
    from revmentor.render.console import (
        emit_listing,
        infer_format,
        render_table_text,
        write_text,
    )
    from revmentor.render.formats import to_json

    fmt = infer_format(fmt, output)
    pairs, unpaired = outcome["pairs"], outcome["unpaired"]
    if fmt is ListFormat.json:
        write_text(to_json({"pairs": pairs, "unpaired": unpaired}), output)
        return
    if fmt is not ListFormat.table:
        rows = [{**p, "reasons": "; ".join(p["reasons"])} for p in pairs]
        columns = ["mentor", "mentee", "round", "score", "shared_topics", "reasons"]
        emit_listing(
            rows=rows,
            json_data=None,
            columns=columns,
            headers=["Mentor", "Mentee", "Round", "Score", "Shared topics", "Reasons"],
            fmt=fmt,
            output=output,
        )
        return
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    verb = "Would make" if dry_run else "Made"
    heading = f"{verb} {len(pairs)} pair{'s' if len(pairs) != 1 else ''}"
    heading += f" in round {outcome['round']}"
    if outcome["ended"]:
        heading += f" (ended {outcome['ended']} earlier pair{'s' if outcome['ended'] != 1 else ''})"
    parts: list = []
    if pairs and explain:
        parts.append(_explained(pairs, heading))
    elif pairs:
        table = Table(title=heading, title_justify="left")
        table.add_column("Mentor", overflow="fold")
        table.add_column("Mentee", overflow="fold")
        table.add_column("Shared topics", overflow="fold")
        table.add_column("Score", justify="right")
        for p in pairs:
            table.add_row(
                escape(p["mentor_name"])
                + (" [dim](fixed)[/dim]" if p["fixed"] else ""),
                escape(p["mentee_name"]),
                escape(", ".join(p["shared_topics"]) or "—"),
                f"{p['score']:.2f}",
            )
        parts.append(table)
    else:
        nobody = "No new pairs" if not dry_run else "No pairs would be made"
        parts.append(Text(f"{nobody}: everyone who can be paired already is."))
    if unpaired:
        if explain:
            from revmentor.render.pairs import unpaired_panel

            parts.append(unpaired_panel(unpaired, outcome["names"]))
        else:
            count = len(unpaired)
            parts.append(
                Text(
                    f"{count} {'person is' if count == 1 else 'people are'} unpaired; "
                    "add --explain to see why.",
                    style="yellow",
                )
            )
    if dry_run:
        parts.append(Text("Dry run: nothing was saved.", style="bold"))
    render_table_text(Group(*parts), output)


def _explained(pairs: list[dict], heading: str):
    """The pairs with their reasons as bullets in a "Why" column.

    The first reason already names the topics covered, so the shared-topics
    column is left out here to give the reasons room on an 80-column terminal.
    """
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=heading, title_justify="left", show_lines=True)
    table.add_column("Mentor", overflow="fold", ratio=1)
    table.add_column("Mentee", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=3)
    for p in pairs:
        table.add_row(
            escape(p["mentor_name"]) + ("\n[dim](fixed)[/dim]" if p["fixed"] else ""),
            escape(p["mentee_name"]),
            f"{p['score']:.2f}",
            "\n".join(f"• {escape(reason)}" for reason in p["reasons"]),
        )
    return table
