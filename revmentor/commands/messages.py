"""`revmentor messages`: what was written or sent to whom, and when."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.messages.messages import Kind
from revmentor.render.messages import messages_listing


def messages_command(
    ctx: typer.Context,
    kind: Annotated[
        Kind | None, typer.Option(help="Only one kind of message, e.g. --kind remind.")
    ] = None,
    person: common.PersonOption = None,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("messages.csv")] = None,
) -> None:
    """List the introductions and reminders written or sent, oldest first.

    Shows when, which kind, the pair or person, the recipients, the subject,
    how it went out (terminal, markdown, json, eml, csv or email) and its state:
    draft, claimed (a run is sending it), sent, refused or failed (the last two
    are sent again by the next run). Message bodies are not kept.

    Examples:

      revmentor messages

      revmentor messages --kind remind --format csv --output reminders.csv
    """
    rows = common.open_for_reading(ctx).messages(kind=kind, person=person)
    messages_listing(rows, fmt, output, kind)
