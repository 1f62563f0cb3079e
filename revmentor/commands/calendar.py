"""`revmentor calendar`: one .ics file per pair with its recurring session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.text import plural
from revmentor.render.console import say


def calendar_command(
    ctx: typer.Context,
    output: Annotated[
        Path,
        common.folder_option(
            "Folder for the .ics files (created if missing), e.g. --output calendar/."
        ),
    ],
    pair: common.PairOption = None,
    mentee: Annotated[
        str | None,
        typer.Option(
            metavar="EMAIL",
            help="Only the pair of this mentee (email, or a unique name), "
            "e.g. --mentee dana@example.com.",
        ),
    ] = None,
    at: Annotated[
        datetime,
        typer.Option(
            "--time",
            formats=["%H:%M"],
            metavar="HH:MM",
            show_default=False,
            help="Time of day of the sessions, in the mentee's time zone when "
            "known (default 10:00), e.g. --time 14:30.",
        ),
    ] = datetime(2000, 1, 1, 10, 0),
    verbose: common.VerboseOption = False,
) -> None:
    """Write a calendar invitation (.ics) for each active pair.

    Each file holds one event repeating every cadence_days from the first
    working day after the pair was made, at --time in the mentee's time zone
    (when known), lasting session_minutes, until the program ends, with both
    people as attendees and the first-session agenda as its description. The
    event's UID is the same every time for a pair and its SEQUENCE higher than
    any written before, so importing a newer file (a new --time) updates the
    series. A pair that has ended gets a file that cancels its
    series (when its file is in the folder already, or it is named with
    --pair or --mentee).

    Examples:

      revmentor calendar --output calendar/

      revmentor calendar --output calendar/ --mentee dana@example.com --time 14:30
    """
    program = common.open_for_reading(ctx)
    written = program.write_calendars(output, pair=pair, mentee=mentee, at=at.time())
    cancelled = sum(ended for _, ended in written)
    text = f"Wrote {plural(len(written) - cancelled, 'calendar invitation')}"
    if cancelled:
        text += f" and {plural(cancelled, 'cancellation')}"
    say(f"{text} to {output}.")
    for name, _ in written if verbose else []:
        say(f"  {output / name}")
