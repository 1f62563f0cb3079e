"""`revmentor remind`: nudge pairs that slip, or people due a check-in."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands import delivery
from revmentor.commands.common import AsOfOption, VerboseOption, open_for_reading
from revmentor.domain.messages.messages import RemindStatus
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput
from revmentor.render.console import say


def remind_command(
    ctx: typer.Context,
    checkins: Annotated[
        bool,
        typer.Option(
            "--checkins",
            help="Remind people due or overdue for a check-in (baseline, midpoint "
            "or final) instead of pairs, e.g. revmentor remind --checkins --send.",
        ),
    ] = False,
    status: Annotated[
        RemindStatus | None,
        typer.Option(
            help="Which pairs to remind: behind or stalled (default both), "
            "e.g. --status stalled."
        ),
    ] = None,
    as_of: AsOfOption = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again", help="Remind even those reminded within the last cadence."
        ),
    ] = False,
    fmt: delivery.FormatOption = delivery.MessageFormat.text,
    output: delivery.OutputOption = None,
    send: delivery.SendOption = False,
    cc_coordinator: delivery.CcOption = False,
    dry_run: delivery.DryRunOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Remind pairs that are behind or stalled, or people due a check-in.

    A pair is behind or stalled by the same rule as in `revmentor report`. Each
    message says where the pair stands (sessions held against expected, the
    last session, the cadence), the pair's open goals in their own words, and
    what to do next, with the pair's prefilled session form link (or the lines
    to reply with); a check-in reminder names the topics to rate, the
    program's statements on an agreement scale, and the person's prefilled
    check-in form link. Messages go only to the pair's own two addresses
    (or the one person), never carry notes, ratings, fit answers, private
    attributes or pairing reasons, and are recorded (see `revmentor messages`):
    nobody is reminded twice within one cadence unless --again, and a draft
    (shown or written) is e-mailed once by a later --send.

    Examples:

      revmentor remind --dry-run

      revmentor remind --status stalled --format eml --output drafts/

      revmentor remind --send --cc-coordinator

      revmentor remind --checkins --format csv --output merge.csv
    """
    choice = delivery.Delivery(fmt, output, send, cc_coordinator, dry_run, verbose)
    if checkins and status is not None:
        raise InvalidInput("--status chooses pairs; it does not go with --checkins.")
    as_of = as_of or date.today()
    statuses = (status,) if status else tuple(RemindStatus)
    program = open_for_reading(ctx)
    outgoing = program.reminders(
        as_of=as_of, statuses=statuses, checkins=checkins, again=again, sending=send
    )
    settings = program.settings
    cadence = settings.cadence_days
    noun = "check-in reminder" if checkins else "reminder"
    if outgoing.skipped:
        say(
            f"Skipped {outgoing.skipped} already reminded within the last "
            f"{cadence} days; --again reminds them too."
        )
        who = "everyone due was reminded recently"
    elif checkins:
        who = "nobody is due a check-in"
    elif settings.end and as_of >= settings.end:
        who = f"the program has ended (on {settings.end})"
    else:
        who = "no pair is " + " or ".join(statuses)
    delivery.deliver(
        program,
        outgoing,
        choice,
        noun,
        empty=f"Nothing to send: {who} as of {as_of}.",
        recorded=f"Recorded {plural(len(outgoing.messages), noun)} as drafts "
        "(`revmentor messages` lists them); --send e-mails them, and a run without "
        f"it leaves them out for {cadence} days unless --again.",
    )
