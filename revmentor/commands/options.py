"""Option types every command shares: one for days.

Choices (role, status, phase, formats) are enums (``revmentor.domain.models``,
each command's own format enum), so a bad choice is Click's usage error, exit 2.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from revmentor.domain import validation
from revmentor.errors import InvalidInput


def day_option(flag: str, help: str) -> Any:
    """The option of a day: ``Annotated[date | None, day_option("--date", ...)]``."""
    return typer.Option(flag, parser=day, metavar="YYYY-MM-DD", help=help)


def day(text: str | date) -> date:
    """A real day written YYYY-MM-DD; anything else is a usage error (exit 2).

    Use as ``Annotated[date | None, typer.Option("--date", parser=day,
    metavar="YYYY-MM-DD")]``.
    """
    if isinstance(text, date):
        return text
    try:
        return validation.parse_date(text, "the date")
    except InvalidInput as error:
        raise typer.BadParameter(str(error).replace("the date ", "", 1)) from None
