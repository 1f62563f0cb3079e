"""`revmentor people`: list, show, update, pause, resume and leave."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.domain import models
from revmentor.domain.people import people as rules
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput
from revmentor.render.console import emit_record, say
from revmentor.render.people import show_people

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)

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
        models.ParticipantStatus | None, typer.Option(help="Only this status.")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Only this department.")
    ] = None,
    include_private: IncludePrivate = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("people.csv")] = None,
) -> None:
    """List participants, or show, update, pause, resume one or record that one left.

    Examples: revmentor people --role mentee --format csv;  revmentor people show
    ana.ruiz@example.com
    """
    if ctx.invoked_subcommand is not None:
        return
    program = common.open_for_reading(ctx)
    people = program.people(role=role, status=status, department=department)
    show_people(people, include_private=include_private, fmt=fmt, output=output)


@app.command("show")
def people_show(
    ctx: typer.Context,
    email: EmailArg,
    include_private: IncludePrivate = False,
    include_notes: Annotated[
        bool, common.include_notes_option("the words of their pairs' goals")
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("person.json")] = None,
) -> None:
    """Show one participant's whole story: who they are, their current and past
    pairs (partner, round, status, sessions held/expected, last session),
    check-ins by topic and phase, and goals (words only with --include-notes).

    Example: revmentor people show ana.ruiz@example.com --format json
    """
    # render.story loads pydantic: not at the top, where `revmentor --help` would.
    from revmentor.render.story import story_fields

    story = common.open_for_reading(ctx).story(
        email, include_private=include_private, include_notes=include_notes
    )
    fields, title = story_fields(story), story["name"]
    emit_record(data=story, fields=fields, title=title, fmt=fmt, output=output)


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
    done = common.open_for_writing(ctx).update_person(email, values)
    say(f"Updated {done.person.name} <{done.person.email}>.")
    if done.note:
        say(done.note)


@app.command("pause")
def people_pause(ctx: typer.Context, email: EmailArg) -> None:
    """Pause a participant: their pairs stay, but they are not paired again until resumed.

    Example: revmentor people pause dana.lee@example.com
    """
    person = common.open_for_writing(ctx).pause(email)
    say(f"Paused {person.name}; `revmentor people resume {person.email}` undoes it.")


@app.command("resume")
def people_resume(ctx: typer.Context, email: EmailArg) -> None:
    """Make a paused participant active again (or undo a mistaken `leave`).

    Example: revmentor people resume dana.lee@example.com
    """
    person = common.open_for_writing(ctx).resume(email)
    say(f"{person.name} is active again.")


@app.command("leave")
def people_leave(
    ctx: typer.Context,
    email: EmailArg,
    on: Annotated[date | None, common.date_option("they left")] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why they left (private, like notes).")
    ] = None,
    left_organisation: Annotated[
        bool,
        typer.Option(
            "--left-organization",
            help="They left the organization too, not only the program.",
        ),
    ] = False,
) -> None:
    """Record that a participant left: ends their active pairs, keeps all history.

    Leaving the program and leaving the organization are told apart, so the
    report can say how many mentors stay. Recording a leave twice keeps the
    first date; someone who left the program can later be recorded as having
    left the organization.

    Examples:

      revmentor people leave ana.ruiz@example.com

      revmentor people leave ana.ruiz@example.com --date 2027-03-01
      --reason "moved to another company" --left-organization
    """
    done = common.open_for_writing(ctx).leave(
        email, on=on, reason=reason, left_organisation=left_organisation
    )
    left, ended = done.person, done.ended
    if done.before.status == models.LEFT:
        say(
            f"{left.name} left the program on {left.left_on}; recorded that they "
            f"left the organization on {left.left_organisation_on}."
        )
        return
    where = " and the organization" if left.left_organisation_on else ""
    pairs = f"; ended {plural(ended, 'active pair')}" if ended else ""
    say(f"{left.name} left the program{where} on {left.left_on}{pairs}.")
