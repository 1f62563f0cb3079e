"""`revmentor org` (the org chart: who reports to whom) and `org import FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.people.org import unknown_manager_note
from revmentor.domain.text import plural
from revmentor.render.console import say, warn_about
from revmentor.render.people import show_org

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)


@app.callback()
def org_show(
    ctx: typer.Context,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("org.csv")] = None,
) -> None:
    """The org chart around the program: people who are not enrolled, kept only
    so that the reporting-line rule can follow managers through them. They are
    never paired, counted or shown in reports.

    Examples: revmentor org import hr-export.xlsx;  revmentor org
    """
    if ctx.invoked_subcommand is not None:
        return
    program = common.open_for_reading(ctx)
    summary = program.org()
    show_org(summary, program.org_chart(), fmt=fmt, output=output)
    if note := unknown_manager_note(summary["unknown_managers"]):
        warn_about(note)


@app.command("import")
def org_import(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A .csv, .xlsx or .yaml file with the columns email, name, "
            "manager, title, level, department (a YAML file lists them under org:).",
            dir_okay=False,
        ),
    ],
    sheet: Annotated[str | None, common.sheet_option("Org chart")] = None,
    columns: common.ColumnMap = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Also remove people of the org chart that the file no longer lists.",
        ),
    ] = False,
) -> None:
    """Add or update the people of the organization around the program.

    People are matched by email: importing the same file again changes nothing.
    Participants may be in the file too (an HR export usually has everyone): a
    participant's own manager wins, and the file's fills in where they have none.
    Every problem is listed with its row and column; nothing is written unless
    the whole file is valid.

    Examples:

    \b
      revmentor org import hr-export.xlsx --map "Work Email=email" \\
        --map "Reports To=manager"
      revmentor org import org.yaml --replace
    """
    program = common.open_for_writing(ctx)
    done = program.import_org(path, sheet=sheet, columns=columns, replace=replace)
    outside = done.added + done.updated + done.unchanged - done.participants
    text = f"Imported the org chart from {path}: {outside} outside the program, "
    text += f"{plural(done.participants, 'participant')} ({done.added} added, "
    text += f"{done.updated} updated, {done.unchanged} unchanged"
    text += f", {done.removed} removed)" if replace else ")"
    say(text + ".")
    for warning in done.warnings:
        warn_about(warning)
