"""`revmentor sessions`: list logged sessions, and edit or delete a mistaken one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.errors import InvalidInput
from revmentor.prompts import pair_label
from revmentor.render.console import say
from revmentor.render.sessions import show_sessions

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)

SessionIdArg = Annotated[str, common.id_argument("session", 12)]


@app.callback()
def sessions_list(
    ctx: typer.Context,
    pair: common.PairOption = None,
    mentor: common_bulk.Mentor = None,
    mentee: common_bulk.Mentee = None,
    person: common.PersonOption = None,
    since: Annotated[
        date | None,
        common.day_option(
            "--since", "Only sessions on or after this day, e.g. --since 2027-02-01."
        ),
    ] = None,
    include_notes: Annotated[
        bool, common.include_notes_option("the private session notes")
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("sessions.csv")] = None,
) -> None:
    """List the sessions pairs have logged, or edit or delete one.

    Examples: revmentor sessions --person dana.lee@example.com;  revmentor
    sessions edit 12 --minutes 60;  revmentor sessions delete 12 --yes
    """
    if ctx.invoked_subcommand is not None:
        return
    found = common.open_for_reading(ctx).sessions(
        pair=pair, mentor=mentor, mentee=mentee, person=person, since=since
    )
    show_sessions(found, include_notes=include_notes, fmt=fmt, output=output)


@app.command("edit")
def sessions_edit(
    ctx: typer.Context,
    session_id: SessionIdArg,
    on: Annotated[
        date | None,
        common.day_option(
            "--date",
            "The right day (not in the future, not before the pair was made), "
            "e.g. --date 2027-01-20.",
        ),
    ] = None,
    minutes: common_bulk.Minutes = None,
    topics: common_bulk.Topics = None,
    notes: common_bulk.Notes = None,
    mentor_rating: common_bulk.MentorRating = None,
    mentee_rating: common_bulk.MenteeRating = None,
) -> None:
    """Correct a logged session (only the flags given change).

    Give an empty value to clear topics, notes or a rating, e.g. --mentor-rating "".

    Example: revmentor sessions edit 12 --minutes 60 --topics "TikTok, LinkedIn"
    """
    answers = (on, minutes, topics, notes, mentor_rating, mentee_rating)
    values = dict(zip(common_bulk.SESSION_KEYS, answers, strict=True))
    if all(v is None for v in values.values()):
        raise InvalidInput(
            "Nothing to change: give at least one flag, e.g. --date or --minutes "
            "(see `revmentor sessions edit --help`)."
        )
    session, entry = common.open_for_reading(ctx).edit_session(session_id, values)
    if entry == session.entry:
        say(f"Session #{session.id} already says that; nothing changed.")
        return
    say(f"Updated {_described(session, entry)}.")


@app.command("delete")
def sessions_delete(
    ctx: typer.Context,
    session_id: SessionIdArg,
    yes: Annotated[bool, common.yes_option("Delete")] = False,
) -> None:
    """Delete a session logged by mistake (asks first, unless --yes).

    Example: revmentor sessions delete 12
    """
    program = common.open_for_reading(ctx)
    session = program.session(session_id)
    what = _described(session, session)
    if not yes:
        common.confirm_change(f"Delete {what}?", f"deleting {what}", "Nothing deleted.")
    program.delete_session(session.id)
    say(f"Deleted {what}.")


def _described(session, entry) -> str:
    """A session as confirmations name it, with ``entry``'s day and minutes:
    "session #12 (Ana Ruiz → Dana Lee, 2027-01-20, 45 minutes)"."""
    label = pair_label(session)
    return f"session #{session.id} ({label}, {entry.date}, {entry.minutes} minutes)"
