"""`revmentor pair`: import a roster if given, then pair the unpaired."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.text import plural
from revmentor.domain.validation import parse_size
from revmentor.render.console import say, warn_about
from revmentor.render.pairs import show_pairing


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
    sheet: Annotated[str | None, common.sheet_option("Participants")] = None,
    columns: common.ColumnMap = None,
    dry_run: Annotated[
        bool, common.dry_run_option("Show the pairs that would be made; save nothing.")
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
        common.date_option("the pairs are made, and the roster's new people enrolled"),
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
        bool, common.yes_option("With --new-round: end the active pairs")
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("pairs.csv")] = None,
) -> None:
    """Pair every active, unpaired mentee with the best eligible mentor.

    The pairing makes as many pairs as possible, then the best total match
    (topics covered, different departments or organizations, diversity,
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
    from revmentor.library import Program  # sqlite-utils, pydantic: not for --help

    budget = None if max_memory is None else parse_size(max_memory, "--max-memory")
    with common.cycle_collector_off():
        program = Program.open_to_pair(
            common.db_option(ctx), roster=roster_path is not None, dry_run=dry_run
        )
        # Ask before ending every active pair, as `sessions delete` does (none:
        # the pairing says what is wrong, if anything; both flags: refused below).
        ask = new_round and not (rematch or dry_run or yes)
        if ask and (active := len(program.pairs())):
            what = plural(active, "active pair")
            question = f"End {what} (round completed) and pair everyone again?"
            common.confirm_change(question, f"ending {what}", "Nothing changed.")
        outcome = program.pair(
            roster_path,
            on=on,
            sheet=sheet,
            columns=columns,
            new_round=new_round,
            rematch=rematch,
            dry_run=dry_run,
            max_memory=budget,
        )
    if outcome.imported is not None:
        say(outcome.imported.sentence(dry_run=dry_run))
        for note in outcome.imported.warnings:
            warn_about(note)
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
        done = f"dry run: {made} would be made, nothing was" if dry_run else made
        say(f"Wrote the pairing to {output}; {done} saved.")
