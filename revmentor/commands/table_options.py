"""The spreadsheet flags shared by the commands that read a CSV or Excel file."""

from __future__ import annotations

from typing import Annotated

import typer

_SHEET = 'Read this sheet of an .xlsx file (default: the first), e.g. --sheet "Participants".'
_MAP = (
    "Read a column whose header is not a known key as that key, or leave it out "
    'with "=-" (repeatable), e.g. --map "Work Email=email" --map "Start time=-".'
)
_DATES = (
    "How dates written as text are laid out when they are not YYYY-MM-DD, e.g. "
    "--date-format MM/DD/YYYY (Excel date cells need none)."
)

Sheet = Annotated[str | None, typer.Option(metavar="NAME", help=_SHEET)]
ColumnMap = Annotated[
    list[str] | None, typer.Option("--map", metavar="HEADER=KEY", help=_MAP)
]
DateFormat = Annotated[str | None, typer.Option(metavar="FORM", help=_DATES)]
