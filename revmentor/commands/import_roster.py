"""`revmentor import ROSTER`: add or update people, settings and rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import (
    ColumnMap,
    Sheet,
    cycle_collector_off,
    day_option,
    open_for_writing,
    warn_unknown_managers,
)
from revmentor.render.people import tell

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
    sheet: Sheet = None,
    columns: ColumnMap = None,
    on: Annotated[
        date | None,
        day_option(
            "--date",
            "The day new people enrolled (unless the file gives enrolled_on) and "
            "people marked left left (default today; not in the future).",
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
    from revmentor.domain.dates import day_not_in_future
    from revmentor.library.rosters import apply_roster, read_roster

    on = day_not_in_future(on, "--date") if on else None
    with cycle_collector_off():
        roster = read_roster(roster_path, sheet, columns)
        store = open_for_writing(ctx)
        with store.write():
            summary = apply_roster(store.db, roster, str(roster_path), on)
    tell(summary.sentence())
    warn_unknown_managers(store)
