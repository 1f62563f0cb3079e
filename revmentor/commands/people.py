"""`revmentor people`: list, show, update, pause, resume and leave."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands import person_options as opt
from revmentor.commands.common import (
    FormatOption,
    OutputOption,
    open_for_reading,
    open_for_writing,
    say,
    warn_unknown_manager,
)
from revmentor.domain import validation
from revmentor.domain.models import ACTIVE, LEFT, LEFT_REASON, PAUSED, Participant
from revmentor.domain.people import (
    as_record,
    chain_loops,
    changed_participant,
    parse_attribute_flags,
)
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, NotFound
from revmentor.render.console import ListFormat
from revmentor.render.console import escape_markup as _escape

app = typer.Typer(
    help=(
        "List participants, or show, update, pause, resume one or record that one left.\n\n"
        "Examples: revmentor people --role mentee --format csv;  "
        "revmentor people show ana.ruiz@example.com"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)

EmailArg = Annotated[str, typer.Argument(metavar="EMAIL", help="The person's email.")]
IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private", help="Also show private attributes (diversity data)."
    ),
]

LIST_COLUMNS = (
    "name",
    "email",
    "role",
    "title",
    "level",
    "department",
    "topics",
    "status",
)
LIST_HEADERS = (
    "Name",
    "Email",
    "Role",
    "Title",
    "Level",
    "Department",
    "Topics",
    "Status",
)


@app.callback()
def people_list(
    ctx: typer.Context,
    role: Annotated[
        str | None, typer.Option("--role", help="Only mentors or only mentees.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active, paused or left.")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="Only this department.")
    ] = None,
    include_private: IncludePrivate = False,
    fmt: FormatOption = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """List participants (everyone, or filtered)."""
    if ctx.invoked_subcommand is not None:
        return
    if role is not None:
        role = validation.parse_role(role)
    if status is not None and status not in (ACTIVE, PAUSED, LEFT):
        raise InvalidInput(f"--status must be active, paused or left, not {status!r}.")
    from revmentor.render.console import emit_listing
    from revmentor.store.participants import list_participants

    store = open_for_reading(ctx)
    people = list_participants(
        store.db, role=role, status=status, department=department
    )
    records = [as_record(p, include_private=include_private) for p in people]
    rows = [
        {**r, "topics": r["teaches"] if r["role"] == "mentor" else r["learns"]}
        for r in records
    ]
    columns, headers = list(LIST_COLUMNS), list(LIST_HEADERS)
    if include_private:
        columns.append("attributes")
        headers.append("Attributes")
    emit_listing(
        rows=rows,
        json_data=records,
        columns=columns,
        headers=headers,
        fmt=fmt,
        output=output,
        title=f"Participants ({len(rows)})",
        empty="No participants match.",
    )


def _find(store, email: str) -> Participant:
    from revmentor.store.participants import get_participant

    if not email.strip():
        raise InvalidInput("Give the person's email, e.g. ana.ruiz@example.com.")
    person = get_participant(store.db, validation.normalize_email(email))
    if person is None:
        raise NotFound(
            f"No participant with email {email.strip()}; "
            "see `revmentor people` for who is enrolled."
        )
    return person


@app.command("show")
def people_show(
    ctx: typer.Context,
    email: EmailArg,
    include_private: IncludePrivate = False,
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes", help="Also show the words of their pairs' goals."
        ),
    ] = False,
    fmt: FormatOption = ListFormat.table,
    output: OutputOption = None,
) -> None:
    """Show one participant's whole story: who they are, their current and past
    pairs (partner, round, status, sessions held/expected, last session),
    check-ins by topic and phase, and goals (words only with --include-notes).

    Example: revmentor people show ana.ruiz@example.com --format json
    """
    from revmentor.render.console import emit_record
    from revmentor.render.story import story_fields, story_record
    from revmentor.store.story import load_story

    store = open_for_reading(ctx)
    story = load_story(store.db, _find(store, email), date.today())
    shown = {"include_private": include_private, "include_notes": include_notes}
    emit_record(
        data=story_record(story, **shown),
        fields=story_fields(story, **shown),
        title=story.person.name,
        fmt=fmt,
        output=output,
    )


@app.command("update")
def people_update(
    ctx: typer.Context,
    email: EmailArg,
    name: opt.Name = None,
    role: opt.Role = None,
    title: opt.Title = None,
    level: opt.Level = None,
    department: opt.Department = None,
    manager: opt.Manager = None,
    teaches: opt.Teaches = None,
    learns: opt.Learns = None,
    goals: opt.Goals = None,
    capacity: opt.Capacity = None,
    timezone: opt.Timezone = None,
    attribute: opt.Attribute = None,
    organization: opt.Organization = None,
    prefers: opt.Prefers = None,
) -> None:
    """Change a participant's details (only the flags given change).

    Give an empty value to clear an optional field, e.g. --manager "".

    Example: revmentor people update ana.ruiz@example.com --level 3 --teaches "TikTok"
    """
    values = {
        "name": name,
        "role": role,
        "title": title,
        "level": level,
        "department": department,
        "manager": manager,
        "teaches": teaches,
        "learns": learns,
        "goals": goals,
        "capacity": capacity,
        "timezone": timezone,
        "attributes": parse_attribute_flags(attribute),
        "organization": organization,
        "prefers": prefers,
    }
    if all(v is None for v in values.values()):
        raise InvalidInput(
            "Nothing to update: give at least one flag, e.g. --title or --level "
            "(see `revmentor people update --help`)."
        )
    from revmentor.store.participants import update_participant

    store = open_for_writing(ctx)
    person = _find(store, email)
    if values["attributes"] is not None:
        values["attributes"] = {**person.attributes, **values["attributes"]}
    try:
        updated = changed_participant(person, values)
    except InvalidInput as error:
        raise InvalidInput(f"Cannot update {person.email}: {error}.") from None
    _refuse_manager_loop(store, updated)
    _refuse_role_change_in_a_pair(store, person, updated)
    with store.write():
        update_participant(store.db, updated)
    say(f"Updated {_escape(updated.name)} <{updated.email}>.")
    if manager:
        warn_unknown_manager(store, updated)


def _refuse_role_change_in_a_pair(store, before: Participant, after: Participant):
    from revmentor.store.pairs import has_active_pair

    if before.role != after.role and has_active_pair(store.db, before.email):
        raise InvalidInput(
            f"Cannot make {before.email} a {after.role}: they are in an active pair "
            f"as a {before.role}; end it first with `revmentor pairs end`."
        )


def _refuse_manager_loop(store, person: Participant) -> None:
    from revmentor.store.participants import all_emails

    manager_of = {e: m for e, (_, m) in all_emails(store.db).items()}
    manager_of[person.email] = person.manager
    if chain_loops(person.email, manager_of):
        raise InvalidInput(
            f"Cannot set {person.manager} as manager of {person.email}: "
            "the reporting line would loop back to them."
        )


def _set_status(ctx: typer.Context, email: str, status: str) -> tuple[Participant, int]:
    from revmentor.domain.pair_end import check_pairs_end
    from revmentor.store.pairs import end_active_pairs_of
    from revmentor.store.participants import update_participant
    from revmentor.store.sessions import active_pair_spans

    store = open_for_writing(ctx)
    person = _find(store, email)
    ended = 0
    if person.status == LEFT and status == PAUSED:
        raise InvalidInput(
            f"{person.email} has left the program; `revmentor people resume "
            f"{person.email}` brings them back if that was a mistake."
        )
    with store.write():
        person.status = status
        if status == ACTIVE:
            person.left_on = None  # undoing a mistaken `leave`; ended pairs stay ended
        if status == LEFT:
            person.left_on = date.today()
            check_pairs_end(
                person.left_on,
                active_pair_spans(store.db, email=person.email),
                today=date.today(),
            )
            ended = end_active_pairs_of(
                store.db, person.email, LEFT_REASON, person.left_on
            )
        update_participant(store.db, person)
    return person, ended


@app.command("pause")
def people_pause(ctx: typer.Context, email: EmailArg) -> None:
    """Pause a participant: their pairs stay, but they are not paired again until resumed.

    Example: revmentor people pause dana.lee@example.com
    """
    person, _ = _set_status(ctx, email, PAUSED)
    say(
        f"Paused {_escape(person.name)}; `revmentor people resume {person.email}` undoes it."
    )


@app.command("resume")
def people_resume(ctx: typer.Context, email: EmailArg) -> None:
    """Make a paused participant active again (or undo a mistaken `leave`).

    Example: revmentor people resume dana.lee@example.com
    """
    person, _ = _set_status(ctx, email, ACTIVE)
    say(f"{_escape(person.name)} is active again.")


@app.command("leave")
def people_leave(ctx: typer.Context, email: EmailArg) -> None:
    """Record that a participant left: ends their active pairs, keeps all history.

    Example: revmentor people leave ana.ruiz@example.com
    """
    person, ended = _set_status(ctx, email, LEFT)
    pairs = f"; ended {plural(ended, 'active pair')}" if ended else ""
    say(f"{_escape(person.name)} has left the program{pairs}.")
