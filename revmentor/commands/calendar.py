"""`revmentor calendar`: one .ics file per pair with its recurring session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import PairOption, VerboseOption, open_for_reading
from revmentor.domain.models import PAIR_ENDED
from revmentor.domain.text import plural


def calendar_command(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder for the .ics files (created if missing), e.g. --output calendar/.",
        ),
    ],
    pair: PairOption = None,
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
    verbose: VerboseOption = False,
) -> None:
    """Write a calendar invitation (.ics) for each active pair.

    Each file holds one event repeating every cadence_days from the first
    working day after the pair was made, at --time in the mentee's time zone
    (when known), lasting session_minutes, until the program ends, with both
    people as attendees and the first-session agenda as its description. The
    event's UID is the same every time for a pair, so importing a newer file
    updates the series. A pair that has ended gets a file that cancels its
    series (when its file is in the folder already, or it is named with
    --pair or --mentee).

    Examples:

      revmentor calendar --output calendar/

      revmentor calendar --output calendar/ --mentee dana@example.com --time 14:30
    """
    from revmentor.delivery.files import write_files
    from revmentor.domain.messages.messages import pair_stem, unique_names
    from revmentor.errors import NotFound
    from revmentor.render.calendar import ics_bytes
    from revmentor.render.console import warn
    from revmentor.store.pairs import list_pairs
    from revmentor.store.people.participants import find_participant, get_participant
    from revmentor.store.program import load_program
    from revmentor.store.sessions.sessions import find_pairs

    store = open_for_reading(ctx)
    wanted = find_participant(store.db, mentee).email if mentee is not None else None
    program = load_program(store.db)
    # Pairs in id order, so a later pair never takes an earlier one's file name.
    every = sorted(list_pairs(store.db, include_ended=True), key=lambda p: p.id)
    stems = [(pair_stem(p.mentor, p.mentee), p.id) for p in every]
    names = dict(zip((p.id for p in every), unique_names(stems, ".ics"), strict=True))
    named = pair is not None or wanted is not None
    ids = pair and {p.id for p in find_pairs(store.db, pair=pair, active=False)}
    chosen = [
        p
        for p in every
        if (ids is None or p.id in ids) and wanted in (None, p.mentee.lower())
    ]
    if named and not chosen:
        what = f"pair {pair}" if pair is not None else f"pair with the mentee {wanted}"
        raise NotFound(f"There is no {what}; `revmentor pairs --all` lists them.")
    files: list[tuple[str, bytes]] = []
    cancelled = 0
    for chosen_pair in chosen:
        name = names[chosen_pair.id]
        ended = chosen_pair.status == PAIR_ENDED
        # An ended pair gets a cancellation only when named, or when its
        # invitation is in the folder from an earlier run: nothing to cancel else.
        if ended and not named and not (output / name).exists():
            continue
        cancelled += ended
        person = get_participant(store.db, chosen_pair.mentee)
        files.append((name, ics_bytes(chosen_pair, program, person, at=at.time())))
    write_files(output, files)
    text = f"Wrote {plural(len(files) - cancelled, 'calendar invitation')}"
    if cancelled:
        text += f" and {plural(cancelled, 'cancellation')}"
    warn(f"{text} to {output}.")
    for name, _ in files if verbose else []:
        warn(f"  {output / name}")
