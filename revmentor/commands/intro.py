"""`revmentor intro`: an introduction message for each new pair."""

from __future__ import annotations

from typing import Annotated

import typer

from revmentor.commands import delivery
from revmentor.commands.common import VerboseOption, open_for_reading
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
    fmt: delivery.FormatOption = delivery.MessageFormat.text,
    output: delivery.OutputOption = None,
    send: delivery.SendOption = False,
    cc_coordinator: delivery.CcOption = False,
    dry_run: delivery.DryRunOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Introduce each pair of the latest round not yet introduced.

    Each message names both people and their titles, says why they were paired
    and which topics they share, restates the program's objectives, rules of
    conduct and cadence, lists the pair's open goals in their own words (with
    the codes G1, G2… a form answer may name them by), gives the pair's session
    form link (prefilled by the program's session_form_prefill) or the lines to
    reply with, and suggests a first-session agenda from the mentee's goals.
    It goes to the pair's two addresses only. E-mail drafts (--format
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
    choice = delivery.Delivery(fmt, output, send, cc_coordinator, dry_run, verbose)
    from revmentor.domain.messages.messages import introduction
    from revmentor.render.calendar import ics_bytes
    from revmentor.store.pairs import list_pairs
    from revmentor.store.people.participants import get_participant
    from revmentor.store.program import load_program
    from revmentor.store.sessions.goals import open_goals_by_pair

    store = open_for_reading(ctx)
    active = list_pairs(store.db)
    latest = max((pair.round for pair in active), default=0)
    chosen = [
        pair
        for pair in active
        if all_pairs or (pair.round == latest and pair.introduced_on is None)
    ]
    program = load_program(store.db)
    messages, goals = [], open_goals_by_pair(store.db)
    for pair in chosen:
        mentee = get_participant(store.db, pair.mentee)
        messages.append(introduction(pair, mentee, program, goals.get(pair.id, [])))
        if send or fmt is delivery.MessageFormat.eml:  # e-mail carries the .ics
            messages[-1].invitation = ics_bytes(pair, program, mentee)
    again = "`revmentor intro --all` shows them again."
    delivery.deliver(
        store,
        messages,
        choice,
        program,
        ("introduction", "introductions"),
        empty=f"Every pair of round {latest} has been introduced already; {again}"
        if active
        else "There are no active pairs to introduce; run `revmentor pair` first.",
        recorded=f"Recorded {plural(len(messages), 'pair')} as introduced; {again}",
    )
