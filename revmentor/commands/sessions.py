"""`revmentor sessions`: list logged sessions, and edit or delete a mistaken one."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.errors import InvalidInput
from revmentor.prompts import pair_label
from revmentor.render.sessions import notice

app = typer.Typer(
    help=(
        "List the sessions pairs have logged, or edit or delete one.\n\n"
        "Examples: revmentor sessions --person dana.lee@example.com;  "
        "revmentor sessions edit 12 --minutes 60;  revmentor sessions delete 12 --yes"
    ),
    invoke_without_command=True,
)

SessionIdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The session's number, as listed by `revmentor sessions`, e.g. 12.",
    ),
]


@app.callback()
def sessions_list(
    ctx: typer.Context,
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
        bool,
        typer.Option(
            help="Also show the private session notes (confidential: "
            "think before sharing the output).",
        ),
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """List sessions, oldest first (notes only with --include-notes)."""
    if ctx.invoked_subcommand is not None:
        return
    from revmentor.render.sessions import show_sessions
    from revmentor.store.sessions.sessions import list_sessions, person_in_role

    db = common.open_for_reading(ctx).db

    def email(text: str | None, role: str | None) -> str | None:
        return person_in_role(db, text, role).email if text is not None else None

    found = list_sessions(
        db,
        mentor=email(mentor, "mentor"),
        mentee=email(mentee, "mentee"),
        person=email(person, None),
        since=since,
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
    if notes == "-":
        import sys

        values["notes"] = sys.stdin.read()
    from revmentor.domain.sessions.sessions import changed_session
    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions.sessions import update_session

    store = common.open_for_reading(ctx)
    session = _session(store, session_id)
    pair = get_pair(store.db, session.pair_id)
    assert pair is not None  # a session's pair is kept (foreign key)
    with common.refusing(f"Cannot change session #{session.id}"):
        entry = changed_session(
            session.entry,
            values,
            paired_on=pair.paired_on,
            today=date.today(),
            ended_on=pair.ended_on,
            known_topics=common_bulk.session_topics(store.db)(pair),
        )
    if entry == session.entry:
        notice(f"Session #{session.id} already says that; nothing changed.")
        return
    with store.write():
        update_session(store.db, session.id, entry)
    notice(
        f"Updated session #{session.id} ({pair_label(session)}, {entry.date}, "
        f"{entry.minutes} minutes)."
    )


@app.command("delete")
def sessions_delete(
    ctx: typer.Context,
    session_id: SessionIdArg,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Delete without asking first (needed when not in a terminal), "
            "e.g. revmentor sessions delete 12 --yes.",
        ),
    ] = False,
) -> None:
    """Delete a session logged by mistake (asks first, unless --yes).

    Example: revmentor sessions delete 12
    """
    from revmentor.store.sessions.sessions import delete_session

    store = common.open_for_reading(ctx)
    session = _session(store, session_id)
    what = (
        f"session #{session.id} ({pair_label(session)}, {session.date}, "
        f"{session.minutes} minutes)"
    )
    if not yes:
        common.confirm_change(f"Delete {what}?", f"deleting {what}", "Nothing deleted.")
    with store.write():
        delete_session(store.db, session.id)
    notice(f"Deleted {what}.")


def _session(store, text: str):
    from revmentor.store.sessions.sessions import get_session

    get = partial(get_session, store.db)
    return common_bulk.numbered(text, get, "session", "sessions")
