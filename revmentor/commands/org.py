"""`revmentor org` (how big and deep the org chart is) and `org import FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.errors import InvalidInput
from revmentor.render.people import tell

app = typer.Typer(
    help=(
        "The org chart around the program: people who are not enrolled, kept only "
        "so that the reporting-line rule can follow managers through them. They "
        "are never paired, counted or shown in reports.\n\n"
        "Examples: revmentor org import hr-export.xlsx;  revmentor org"
    ),
    invoke_without_command=True,
)


@app.callback()
def org_show(
    ctx: typer.Context,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """Show how many people the org chart holds and how deep it goes.

    Example: revmentor org --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    from revmentor.domain.people.org import org_summary
    from revmentor.render.console import emit_record
    from revmentor.store.people.org import org_managers
    from revmentor.store.people.participants import list_participants

    store = common.open_for_reading(ctx)
    data = org_summary(org_managers(store.db), list_participants(store.db))
    labels = ["people outside the program", "levels in the longest chain"]
    labels += ["people at the top of a chain", "participants with an unknown manager"]
    fields = list(zip(labels, data.values(), strict=True))
    emit_record(
        data=data,
        fields=fields,
        title="Org chart",
        fmt=fmt,
        output=output,
    )


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
    sheet: common.Sheet = None,
    columns: common.ColumnMap = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Also remove people of the org chart that the file no longer lists.",
        ),
    ] = False,
) -> None:
    """Add or update the people of the organisation around the program.

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
    people = _read(path, sheet, columns)
    from revmentor.store.people.org import remove_org_except, upsert_org

    store = common.open_for_writing(ctx)
    with store.write():
        added, updated, unchanged = upsert_org(store.db, people)
        removed = (
            remove_org_except(store.db, {p.email for p in people}) if replace else 0
        )
    text = f"Imported the org chart from {path}: {added} added, {updated} updated, "
    text += f"{unchanged} unchanged"
    if replace:
        text += f", {removed} removed"
    tell(text + ".")
    common.warn_unknown_managers(store)


def _read(path: Path, sheet: str | None, columns: list[str] | None):
    from revmentor.spreadsheets import is_table

    if is_table(path):
        from revmentor.domain.people.roster_tables import parse_org_table
        from revmentor.domain.tables import parse_map_options
        from revmentor.spreadsheets import read_table

        mapping = parse_map_options(columns)
        return parse_org_table(read_table(path, sheet=sheet), mapping)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InvalidInput(
            f"{path} is not a .csv, .xlsx or .yaml file; those are the org chart "
            "files revmentor reads."
        )
    if sheet is not None or columns:
        raise InvalidInput(
            f"--sheet and --map apply to spreadsheets (.csv, .xlsx) only; {path} "
            "is read as YAML."
        )
    from revmentor.domain.people.roster import parse_roster
    from revmentor.inputs import read_text

    roster = parse_roster(read_text(path, "org chart"), str(path))
    if roster.participants or roster.program or roster.avoid or roster.fixed:
        raise InvalidInput(
            f"{path} holds more than an org: section; import it with "
            f"`revmentor import {path}`."
        )
    return roster.org
