"""`revmentor calendar`: one .ics file per pair with its recurring session."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import VerboseOption, open_for_reading
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
    pair: Annotated[
        int | None,
        typer.Option(
            "--pair", metavar="ID", min=1, help="Only this pair, e.g. --pair 12."
        ),
    ] = None,
    mentee: Annotated[
        str | None,
        typer.Option(
            "--mentee",
            metavar="EMAIL",
            help="Only the pair of this mentee (email, or a unique name), "
            "e.g. --mentee dana@example.com.",
        ),
    ] = None,
    at: Annotated[
        str,
        typer.Option(
            "--time",
            metavar="HH:MM",
            help="Time of day of the sessions, in the mentee's time zone when "
            "known (default 10:00), e.g. --time 14:30.",
        ),
    ] = "10:00",
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
    from revmentor.delivery.files import check_targets, prepare_folder, write_file
    from revmentor.domain.calendar import parse_time
    from revmentor.domain.messages import pair_stem
    from revmentor.errors import NotFound
    from revmentor.render.messages import notice
    from revmentor.store.messages import pair_views
    from revmentor.store.participants import find_participant, list_participants
    from revmentor.store.program import load_program

    time_of_day = parse_time(at)
    store = open_for_reading(ctx)
    wanted = find_participant(store.db, mentee).email if mentee is not None else None
    program = load_program(store.db)
    every = sorted(pair_views(store.db, include_ended=True), key=lambda s: s.view.id)
    names = _stable_names([standing.view for standing in every], pair_stem)
    chosen = [
        standing
        for standing in every
        if (pair is None or standing.view.id == pair)
        and (wanted is None or standing.view.mentee.lower() == wanted)
    ]
    named = pair is not None or wanted is not None
    if named and not chosen:
        what = f"pair {pair}" if pair is not None else f"pair with the mentee {wanted}"
        raise NotFound(f"There is no {what}; `revmentor pairs --all` lists them.")
    prepare_folder(output)
    people = {p.email.lower(): p for p in list_participants(store.db)}
    files, cancelled = _calendar_files(
        chosen, names, people, program, at=time_of_day, folder=output, named=named
    )
    check_targets(output, [name for name, _ in files])
    for name, content in files:
        write_file(output / name, content)
    invites = len(files) - cancelled
    text = f"Wrote {plural(invites, 'calendar invitation')}"
    if cancelled:
        text += f" and {plural(cancelled, 'cancellation')}"
    notice(f"{text} to {output}.")
    if verbose:
        for name, _ in files:
            notice(f"  {output / name}")


def _calendar_files(chosen, names, people, program, *, at, folder, named):
    """(file name, .ics bytes) per pair, and how many of them cancel a series.

    An ended pair gets a cancellation only when it was named, or when its
    invitation is in the folder from an earlier run: nothing to cancel else.
    """
    from revmentor.domain.calendar import calendar_plan
    from revmentor.domain.intro import agenda
    from revmentor.render.calendar import ics_bytes

    files: list[tuple[str, bytes]] = []
    cancelled = 0
    for standing in chosen:
        view, ended = standing.view, standing.ended
        name = names[view.id]
        if ended and not named and not (folder / name).exists():
            continue
        mentee = people.get(view.mentee.lower())
        plan = calendar_plan(
            view,
            program,
            timezone=mentee.timezone if mentee else None,
            agenda=agenda(view, people.get(view.mentor.lower()), mentee, program),
            at=at,
            cancelled=ended,
        )
        cancelled += ended
        files.append((name, ics_bytes(plan)))
    return files, cancelled


def _stable_names(views, stem) -> dict[int, str]:
    """A file name per pair that stays the same from run to run: pairs are
    taken in id order, so a later pair never takes an earlier one's name."""
    from revmentor.domain.messages import unique_names

    names = unique_names([(stem(v.mentor, v.mentee), v.id) for v in views], ".ics")
    return dict(zip((v.id for v in views), names, strict=True))
