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
    Messages shown or written are recorded as drafts and those e-mailed as
    sent (see `revmentor messages`): the next run covers only newer pairs,
    except that --send e-mails the drafts, each pair once, even when two runs
    overlap. --dry-run records nothing and --all takes every active pair again.

    Examples:

      revmentor intro

      revmentor intro --output intros/

      revmentor intro --format eml --output drafts/

      revmentor intro --send --cc-coordinator

      revmentor intro --all --format json
    """
    choice = delivery.Delivery(fmt, output, send, cc_coordinator, dry_run, verbose)
    program = open_for_reading(ctx)
    invitations = send or fmt is delivery.MessageFormat.eml  # e-mail carries the .ics
    outgoing = program.introductions(
        all_pairs=all_pairs, invitations=invitations, sending=send
    )
    delivery.deliver(
        program,
        outgoing,
        choice,
        "introduction",
        empty=f"Every pair of round {outgoing.latest_round} has been introduced "
        "already; `revmentor intro --all` shows them again."
        if outgoing.latest_round
        else "There are no active pairs to introduce; run `revmentor pair` first.",
        recorded=f"Recorded {plural(len(outgoing.messages), 'introduction')} as "
        "drafts; `revmentor intro --send` e-mails them, and `revmentor intro --all` "
        "shows them again.",
    )
