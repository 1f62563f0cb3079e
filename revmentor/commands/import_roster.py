"""`revmentor import ROSTER`: add or update people, settings and rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.render.console import say, warn_about

RosterArg = Annotated[
    Path,
    typer.Argument(
        metavar="ROSTER",
        help="The roster file: .yaml/.yml, or a spreadsheet (.csv, .xlsx) whose "
        "header row names the roster's keys.",
        dir_okay=False,
    ),
]


def import_command(
    ctx: typer.Context,
    roster_path: RosterArg,
    sheet: Annotated[str | None, common.sheet_option("Participants")] = None,
    columns: common.ColumnMap = None,
    on: Annotated[
        date | None,
        common.date_option(
            "new people enrolled (unless the file gives enrolled_on) and people "
            "marked left left"
        ),
    ] = None,
) -> None:
    """Add or update participants, program settings and pairing rules from a roster.

    The roster is a YAML file, or a spreadsheet (.csv or .xlsx) with one person
    per row and a header row naming the keys (name, email, role, level,
    teaches, ... and attributes.KEY; case, spaces and underscores do not
    matter; lists separated by ';' or ','; an empty cell means "not given").
    People are matched by email (ignoring case): importing the same file twice
    changes nothing, and people missing from a later roster are kept. Every
    problem in the file is listed with its line (or row and column); nothing is
    written unless the whole file is valid.

    Examples:

    \b
      revmentor import examples/roster.yaml
      revmentor import roster.yaml --date 2026-03-02
      revmentor import staff.xlsx --sheet Mentoring --map "Work Email=email"
    """
    with common.cycle_collector_off():
        program = common.open_for_writing(ctx)
        done = program.import_roster(roster_path, sheet=sheet, columns=columns, on=on)
    say(done.sentence())
    for warning in done.warnings:
        warn_about(warning)
