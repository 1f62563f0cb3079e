"""`revmentor remind`: nudge pairs that slip, or people due a check-in."""

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
from revmentor.domain import validation
from revmentor.domain.text import plural


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
        str | None,
        typer.Option(
            "--status",
            metavar="STATUSES",
            help="Which pairs to remind: behind, stalled or both (the default), "
            "e.g. --status stalled.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge progress on this day (default today), e.g. --as-of 2027-03-01.",
        ),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Remind even those reminded within the last cadence.",
        ),
    ] = False,
    fmt: FormatOption = MessageFormat.text,
    output: OutputOption = None,
    send: SendOption = False,
    cc_coordinator: CcOption = False,
    dry_run: DryRunOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Remind pairs that are behind or stalled, or people due a check-in.

    A pair is behind or stalled by the same rule as in `revmentor report`. Each
    message says where the pair stands (sessions held against expected, the
    last session, the cadence) and what to do next, with the program's
    session_form_url when set; a check-in reminder names the topics to rate
    and the checkin_form_url. Messages go only to the pair's own two addresses
    (or the one person), never carry notes, ratings, fit answers, private
    attributes or pairing reasons, and are recorded (see `revmentor messages`):
    nobody is reminded twice within one cadence unless --again.

    Examples:

      revmentor remind --dry-run

      revmentor remind --status stalled --format eml --output drafts/

      revmentor remind --send --cc-coordinator

      revmentor remind --checkins --format csv --output merge.csv
    """
    choice = delivery_options(fmt, output, send, dry_run, verbose)
    from revmentor.domain import remind as rules
    from revmentor.domain.messages import CHECKIN_REMINDER, REMIND
    from revmentor.render.messages import notice
    from revmentor.store import messages as stored
    from revmentor.store.program import load_program

    day = validation.parse_date(as_of, "--as-of") if as_of is not None else date.today()
    statuses = rules.parse_statuses(status)
    if checkins and status is not None:
        from revmentor.errors import InvalidInput

        raise InvalidInput("--status chooses pairs; it does not go with --checkins.")
    store = open_for_reading(ctx)
    program = load_program(store.db)
    if checkins:
        messages, skipped = rules.checkin_reminders(
            stored.people_checkins(store.db, as_of=day),
            program,
            as_of=day,
            earlier=stored.earlier_by_person(store.db, CHECKIN_REMINDER),
            again=again,
        )
        noun = ("check-in reminder", "check-in reminders")
    else:
        messages, skipped = rules.pair_reminders(
            stored.pair_activity(store.db, as_of=day),
            program,
            as_of=day,
            statuses=statuses,
            earlier=stored.earlier_by_pair(store.db, REMIND),
            again=again,
        )
        noun = ("reminder", "reminders")
    if skipped:
        notice(
            f"Skipped {skipped} already reminded within the last "
            f"{program.cadence_days} days; --again reminds them too."
        )
    if not messages:
        show_no_messages(choice)
        if skipped:
            who = "everyone due was reminded recently"
        elif checkins:
            who = "nobody is due a check-in"
        else:
            who = "no pair is " + " or ".join(statuses)
        notice(f"Nothing to send: {who} as of {day}.")
        return
    if cc_coordinator:
        add_cc(messages, program)
    deliver(store, messages, choice, program, noun)
    if not dry_run and not send and output is None:
        count = len(messages)
        notice(
            f"Recorded {plural(count, *noun)} "
            "(`revmentor messages` lists them); nobody is reminded again within "
            f"{program.cadence_days} days unless --again."
        )
