"""`revmentor intro`: an introduction message for each new pair."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands.common import VerboseOption, open_for_reading
from revmentor.commands.delivery import (
    CcOption,
    DryRunOption,
    FormatOption,
    MessageFormat,
    OutputOption,
    SendOption,
    add_cc,
    deliver,
    delivery_options,
    show_no_messages,
)
from revmentor.domain.text import plural


def intro_command(
    ctx: typer.Context,
    all_pairs: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every active pair, including those introduced before, "
            "e.g. to resend: revmentor intro --all --output intros/.",
        ),
    ] = False,
    fmt: FormatOption = MessageFormat.text,
    output: OutputOption = None,
    send: SendOption = False,
    cc_coordinator: CcOption = False,
    dry_run: DryRunOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Introduce each pair of the latest round not yet introduced.

    Each message names both people and their titles, says why they were paired
    and which topics they share, restates the program's objectives, rules of
    conduct and cadence, and suggests a first-session agenda from the mentee's
    goals. It goes to the pair's two addresses only. E-mail drafts (--format
    eml) and sent mail (--send) carry the pair's calendar invitation (.ics).
    The pairs shown, written or sent are recorded as introduced (see
    `revmentor messages`), so the next run covers only newer pairs; --dry-run
    records nothing and --all takes every active pair again.

    Examples:

      revmentor intro

      revmentor intro --output intros/

      revmentor intro --format eml --output drafts/

      revmentor intro --send --cc-coordinator

      revmentor intro --all --format json
    """
    choice = delivery_options(fmt, output, send, dry_run, verbose)
    from revmentor.domain.intro import introduction
    from revmentor.render.messages import notice
    from revmentor.store.messages import pair_views
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program

    store = open_for_reading(ctx)
    active = pair_views(store.db)
    if all_pairs or not active:
        chosen = [standing.view for standing in active]
    else:
        latest = max(standing.view.round for standing in active)
        chosen = [
            standing.view
            for standing in active
            if standing.view.round == latest and standing.introduced_on is None
        ]
    if not chosen:
        show_no_messages(choice)
        if not active:
            notice(
                "There are no active pairs to introduce; run `revmentor pair` first."
            )
        else:
            notice(
                f"Every pair of round {latest} has been introduced already; "
                "`revmentor intro --all` shows them again."
            )
        return
    program = load_program(store.db)
    people = {p.email.lower(): p for p in list_participants(store.db)}
    messages = [
        introduction(
            view,
            people.get(view.mentor.lower()),
            people.get(view.mentee.lower()),
            program,
        )
        for view in chosen
    ]
    if cc_coordinator:
        add_cc(messages, program)
    if choice.carries_attachments:
        _attach_invitations(messages, chosen, people, program)
    deliver(
        store,
        messages,
        choice,
        program,
        ("introduction", "introductions"),
        after_recording=_mark_introduced,
    )
    if not dry_run and output is None and not send and fmt is MessageFormat.text:
        count = len(messages)
        notice(
            f"Recorded {plural(count, 'pair')} as introduced; "
            "`revmentor intro --all` shows them again."
        )


def _mark_introduced(db, messages) -> None:
    from revmentor.store.sessions import mark_introduced

    mark_introduced(db, [m.pair_id for m in messages], date.today())


def _attach_invitations(messages, views, people, program) -> None:
    from revmentor.domain.calendar import calendar_plan
    from revmentor.render.calendar import invitation_attachment

    for message, view in zip(messages, views, strict=True):
        mentee = people.get(view.mentee.lower())
        plan = calendar_plan(
            view,
            program,
            timezone=mentee.timezone if mentee else None,
            agenda=message.facts["agenda"],
        )
        message.attachments = (*message.attachments, invitation_attachment(plan))
