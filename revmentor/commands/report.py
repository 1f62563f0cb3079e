"""`revmentor report`: the program at a glance, in the terminal or as a file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.errors import InvalidInput
from revmentor.render.formats import Format, pick_format

# A pair's status as typed on the command line (the report writes 'on track').
PairStatus = StrEnum("PairStatus", "on-track behind stalled ended")

DEPARTMENT_HELP = (
    "Only people of this department, and pairs with a mentor or mentee in it. "
    "Example: --department Marketing"
)
FORMAT_HELP = (
    "Default: from the --output file's extension, else table (csv: one row per "
    "pair). Example: --format html -o report.html"
)


def report_command(
    ctx: typer.Context,
    as_of: common.AsOfOption = None,
    department: Annotated[
        str | None, typer.Option(metavar="NAME", help=DEPARTMENT_HELP)
    ] = None,
    status: Annotated[
        PairStatus | None,
        typer.Option(
            case_sensitive=False,
            help="Only pairs with this status. Example: --status stalled",
        ),
    ] = None,
    round_: common.RoundOption = None,
    fmt: Annotated[
        Format | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: Annotated[Path | None, common.output_option("report.html")] = None,
    include_notes: Annotated[
        bool,
        common.include_notes_option("each pair's latest notes and why pairs ended"),
    ] = False,
) -> None:
    """Show the program at a glance: summary, a row per pair, and the unpaired.

    The summary gives participants, pairs, match rate, sessions held against
    expected, the share of pairs on track, mean ratings, goals, and mentor
    retention (still in the program, still in the organization) as of the
    day; then outcome change per topic and per program statement, and
    sessions per topic. A pair is on track, behind (fewer sessions than one
    per cadence after a first cadence of grace), stalled (no session for more
    than twice the cadence) or ended; after the program's end each pair stays
    as it was on that day. Anything computed from people's answers is shown
    only where at least three people answered.

    Examples:

      revmentor report

      revmentor report --status stalled --department Sales

      revmentor report --as-of 2027-03-01 --format json

      revmentor report -o report.html
    """
    # Lazy: the report's model loads pydantic, which `revmentor --help` must not.
    from revmentor.render.report.files import write_report

    if department is not None and not department.strip():
        raise InvalidInput("--department needs a department name, e.g. Marketing.")
    chosen = pick_format(fmt, output, tuple(Format))
    with common.open_for_reading(ctx) as program:
        report = program.report(
            as_of,
            department=department.strip() if department else None,
            status=status.value.replace("-", " ") if status else None,
            round=round_,
            include_notes=include_notes,
        )
    write_report(report, chosen, output)
