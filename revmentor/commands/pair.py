"""`revmentor pair`: import a roster if given, then pair the unpaired."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput
from revmentor.render.console import warn, warn_about
from revmentor.render.people import tell


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
    sheet: common.Sheet = None,
    columns: common.ColumnMap = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show the pairs that would be made; save nothing."
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show why each pair was made and who is unpaired; with --output "
            "a .md, .csv or .json file holds the reasons, the unpaired and unmet "
            "preferences.",
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
        date | None,
        common.day_option(
            "--date",
            "The day the pairs are made, and the roster's new people enrolled "
            "(default today; not in the future).",
        ),
    ] = None,
    max_memory: Annotated[
        str | None,
        typer.Option(
            metavar="SIZE",
            help="Most memory `pair` may use in all, such as 4GB or 500MB "
            "(default: the memory free on this machine). A larger pairing is "
            "refused before it starts. Example: revmentor pair roster.yaml "
            "--max-memory 8GB",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="With --new-round: end the active pairs without asking first "
            "(needed when not in a terminal).",
        ),
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """Pair every active, unpaired mentee with the best eligible mentor.

    The pairing makes as many pairs as possible, then the best total match
    (topics covered, different departments or organisations, diversity,
    preferences, time waited), never pairs people in the same reporting line,
    and keeps the program's `require` rules. Running it again only pairs people
    who are still unpaired. In a terminal a long --explain is shown page by page.

    Examples:

      revmentor pair examples/roster.yaml --explain

      revmentor pair --dry-run --format json

      revmentor pair --new-round --yes

      revmentor pair --explain --output why.md

      revmentor pair company.csv --max-memory 8GB
    """
    if new_round and rematch:
        raise InvalidInput("Choose either --new-round or --rematch, not both.")
    paired_on = day_not_in_future(on or date.today(), "--date")
    if roster_path is None and (sheet is not None or columns):
        raise InvalidInput("--sheet and --map need a roster file to read.")
    budget = _memory_budget(max_memory)
    from revmentor.library import rosters as roster_import
    from revmentor.library.pairing import run_pairing
    from revmentor.render.pairs import show_pairing

    roster = None
    with common.cycle_collector_off():
        if roster_path is not None:
            roster = roster_import.read_roster(roster_path, sheet, columns)
        store = _open(ctx, roster is not None, dry_run)
        if new_round and not dry_run and not yes:
            _confirm_new_round(store)
        summary = None
        with store.write(dry_run=dry_run):
            if roster is not None:
                summary = roster_import.apply_roster(
                    store.db, roster, str(roster_path), paired_on
                )
            outcome = run_pairing(
                store.db,
                paired_on,
                new_round=new_round,
                rematch=rematch,
                max_memory=budget,
            )
    if summary is not None:
        warn(summary.sentence(dry_run=dry_run))
    for warning in outcome.warnings:
        warn_about(warning)
    show_pairing(
        outcome,
        fmt=fmt,
        output=output,
        explain=explain,
        dry_run=dry_run,
        interactive=common.stdout_is_interactive(),
    )
    if output is not None:
        made = f"{plural(len(outcome.pairs), 'pair')} in round {outcome.round}"
        done = (
            f"dry run: {made} would be made, nothing was saved"
            if dry_run
            else f"{made} saved"
        )
        tell(f"Wrote the pairing to {output}; {done}.")


def _open(ctx: typer.Context, has_roster: bool, dry_run: bool):
    """The program's store. Without a roster there is nobody to pair in a new
    file: refuse rather than create an empty program. A dry run with a roster
    and no file yet works on a scratch copy and creates nothing."""
    from revmentor.store import resolve_db_path
    from revmentor.store.connection import open_scratch_store

    if not has_roster:
        return common.open_for_reading(ctx)
    if dry_run and not resolve_db_path(common.db_option(ctx)).exists():
        return open_scratch_store()
    return common.open_for_writing(ctx)


def _confirm_new_round(store) -> None:
    """Ask before ending every active pair, as `sessions delete` does."""
    from revmentor.store.pairs import count_active

    active = count_active(store.db)
    if active == 0:
        return  # nothing to end: check_new_round says what is wrong, if anything
    what = plural(active, "active pair")
    question = f"End {what} (round completed) and pair everyone again?"
    common.confirm_change(question, f"ending {what}", "Nothing changed.")


def _memory_budget(text: str | None) -> int | None:
    """Bytes `pair` may use: --max-memory, else the memory this machine has
    available (Linux: without swapping, page cache included), plus what this
    process already holds (about the estimate's base)."""
    from revmentor.domain.pairing.assignment import BASE_BYTES, parse_size

    if text is not None:
        return parse_size(text, "--max-memory")
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            found = [
                line.split()[1] for line in meminfo if line.startswith("MemAvailable:")
            ]
        return int(found[0]) * 1024 + BASE_BYTES
    except (OSError, ValueError, IndexError):
        return None  # unknown: no check
