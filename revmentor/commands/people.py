"""`revmentor people`: list, show, update, pause, resume and leave."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.domain import models
from revmentor.domain.models import Participant
from revmentor.domain.people import people as rules
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput
from revmentor.render.people import tell

app = typer.Typer(
    help=(
        "List participants, or show, update, pause, resume one or record that one left.\n\n"
        "Examples: revmentor people --role mentee --format csv;  "
        "revmentor people show ana.ruiz@example.com"
    ),
    invoke_without_command=True,
)

EmailArg = Annotated[str, typer.Argument(metavar="EMAIL", help="The person's email.")]
IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private", help="Also show private attributes (diversity data)."
    ),
]


@app.callback()
def people_list(
    ctx: typer.Context,
    role: Annotated[
        models.Role | None, typer.Option(help="Only mentors or only mentees.")
    ] = None,
    status: Annotated[
        models.ParticipantStatus | None,
        typer.Option(help="Only this status."),
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Only this department.")
    ] = None,
    include_private: IncludePrivate = False,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """List participants (everyone, or filtered)."""
    if ctx.invoked_subcommand is not None:
        return
    from revmentor.render.people import show_people
    from revmentor.store.people.participants import list_participants

    store = common.open_for_reading(ctx)
    people = list_participants(
        store.db, role=role, status=status, department=department
    )
    show_people(people, include_private=include_private, fmt=fmt, output=output)


def _find(store, query: str) -> Participant:
    from revmentor.store.people.participants import find_participant

    return find_participant(store.db, query)


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
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """Show one participant's whole story: who they are, their current and past
    pairs (partner, round, status, sessions held/expected, last session),
    check-ins by topic and phase, and goals (words only with --include-notes).

    Example: revmentor people show ana.ruiz@example.com --format json
    """
    from revmentor.render.console import emit_record
    from revmentor.render.story import story_fields
    from revmentor.store.people.story import load_story

    store = common.open_for_reading(ctx)
    shown = {"include_private": include_private, "include_notes": include_notes}
    story = load_story(store.db, _find(store, email), date.today(), **shown)
    emit_record(
        data=story,
        fields=story_fields(story),
        title=story["name"],
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
    values: dict[str, object] = dict(locals())
    del values["ctx"], values["email"]
    values["attributes"] = rules.parse_attribute_flags(values.pop("attribute"))  # type: ignore[arg-type]
    if all(v is None for v in values.values()):
        raise InvalidInput(
            "Nothing to update: give at least one flag, e.g. --title or --level "
            "(see `revmentor people update --help`)."
        )
    from revmentor.store.pairs import has_active_pair
    from revmentor.store.people.participants import (
        all_emails,
        manager_map,
        update_participant,
    )

    store = common.open_for_writing(ctx)
    person = _find(store, email)
    if isinstance(values["attributes"], dict):
        values["attributes"] = {**person.attributes, **values["attributes"]}
    with common.refusing(f"Cannot update {person.email}"):
        updated = rules.changed_participant(person, values)
        rules.check_manager_chain(updated, manager_map(store.db))
        rules.check_prefers(updated, all_emails(store.db))
    if person.role != updated.role and has_active_pair(store.db, person.email):
        raise InvalidInput(
            f"Cannot make {person.email} a {updated.role}: they are in an active pair "
            f"as a {person.role}; end it first with `revmentor pairs end`."
        )
    with store.write():
        update_participant(store.db, updated)
    tell(f"Updated {updated.name} <{updated.email}>.")
    if manager:
        common.warn_unknown_manager(store, updated)


def _change_status(ctx: typer.Context, query: str, change) -> Participant:
    """Apply ``change`` (a domain function of the person) and save it."""
    from revmentor.store.people.participants import update_participant

    store = common.open_for_writing(ctx)
    person = _find(store, query)
    changed = change(person)
    with store.write():
        update_participant(store.db, changed)
    return changed


@app.command("pause")
def people_pause(ctx: typer.Context, email: EmailArg) -> None:
    """Pause a participant: their pairs stay, but they are not paired again until resumed.

    Example: revmentor people pause dana.lee@example.com
    """
    person = _change_status(ctx, email, rules.paused_participant)
    tell(f"Paused {person.name}; `revmentor people resume {person.email}` undoes it.")


@app.command("resume")
def people_resume(ctx: typer.Context, email: EmailArg) -> None:
    """Make a paused participant active again (or undo a mistaken `leave`).

    Example: revmentor people resume dana.lee@example.com
    """
    person = _change_status(ctx, email, rules.resumed_participant)
    tell(f"{person.name} is active again.")


@app.command("leave")
def people_leave(
    ctx: typer.Context,
    email: EmailArg,
    on: Annotated[
        date | None,
        common.day_option(
            "--date", "The day they left (default today; not in the future)."
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(help="Why they left (private, like notes)."),
    ] = None,
    left_organisation: Annotated[
        bool,
        typer.Option(
            "--left-organisation",
            help="They left the organisation too, not only the program.",
        ),
    ] = False,
) -> None:
    """Record that a participant left: ends their active pairs, keeps all history.

    Leaving the program and leaving the organisation are told apart, so the
    report can say how many mentors stay. Recording a leave twice keeps the
    first date; someone who left the program can later be recorded as having
    left the organisation.

    Examples:

      revmentor people leave ana.ruiz@example.com

      revmentor people leave ana.ruiz@example.com --date 2027-03-01
      --reason "moved to another company" --left-organisation
    """
    from revmentor.domain.pairing.pair_end import check_pairs_end
    from revmentor.store.pairs import end_active_pairs_of
    from revmentor.store.people.participants import latest_history, update_participant
    from revmentor.store.sessions.sessions import active_pair_spans

    today = date.today()
    store = common.open_for_writing(ctx)
    person = _find(store, email)
    with common.refusing(f"Cannot record that {person.email} left"):
        left = rules.left_participant(
            person,
            on=on or today,
            today=today,
            reason=reason,
            left_organisation=left_organisation,
            not_before=latest_history(store.db, person.email),
        )
        spans = active_pair_spans(store.db, email=left.email)
        check_pairs_end(left.left_on, spans, today=today)
    why = (
        models.LEFT_ORGANISATION_REASON
        if left.left_organisation_on
        else models.LEFT_REASON
    )
    with store.write():
        update_participant(store.db, left)
        ended = end_active_pairs_of(
            store.db, left.email, why, left.left_on or on or today
        )
    if person.status == models.LEFT:
        tell(
            f"{left.name} left the program on {left.left_on}; recorded that they "
            f"left the organisation on {left.left_organisation_on}."
        )
        return
    where = " and the organisation" if left.left_organisation_on else ""
    pairs = f"; ended {plural(ended, 'active pair')}" if ended else ""
    tell(f"{left.name} left the program{where} on {left.left_on}{pairs}.")
