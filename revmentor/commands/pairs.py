"""`revmentor pairs`: list pairs, and end one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.models import FIT_LABELS, Fit
from revmentor.errors import UsageProblem
from revmentor.prompts import pair_label
from revmentor.render.console import say
from revmentor.render.pairs import show_pair_list

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)


@app.callback()
def pairs_list(
    ctx: typer.Context,
    include_ended: Annotated[
        bool, typer.Option("--all", help="Include ended pairs.")
    ] = False,
    round_: common.RoundOption = None,
    person: common.PersonOption = None,
    include_notes: Annotated[
        bool, common.include_notes_option("why pairs ended and how they fit")
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("pairs.csv")] = None,
) -> None:
    """List the pairs (active ones, or --all), record how one fits, or end one.

    Examples: revmentor pairs --all --format csv;  revmentor pairs fit --pair 3
    poor;  revmentor pairs end ana@example.com dana@example.com --reason "moved
    team"
    """
    if ctx.invoked_subcommand is not None:
        return
    empty = "No pairs." if include_ended else "No active pairs: run `revmentor pair`."
    if round_ is not None:
        empty = f"No {'' if include_ended else 'active '}pairs in round {round_}."
    program = common.open_for_reading(ctx)
    show_pair_list(
        program.pairs(include_ended=include_ended, round=round_, person=person),
        include_ended=include_ended,
        fmt=fmt,
        output=output,
        empty=empty,
        include_notes=include_notes,
    )


MentorArg = Annotated[
    str | None, typer.Argument(metavar="MENTOR", help="The mentor (or use --pair).")
]
MenteeArg = Annotated[
    str | None, typer.Argument(metavar="MENTEE", help="The mentee (or use --pair).")
]


def _named(pair: str | None, mentor: str | None, mentee: str | None):
    """The pair as the library takes it: --pair, or MENTOR and MENTEE."""
    if (pair is None) == (mentor is None) or (mentor is None) != (mentee is None):
        raise UsageProblem("Name the pair with --pair, or give MENTOR and MENTEE.")
    return pair if pair is not None else (mentor, mentee)


@app.command("end")
def pairs_end(
    ctx: typer.Context,
    mentor: MentorArg = None,
    mentee: MenteeArg = None,
    pair: common.PairOption = None,
    reason: Annotated[
        str, typer.Option(help="Why the pair ends (kept in the history).")
    ] = "ended by the coordinator",
    on: Annotated[date | None, common.date_option("it ended")] = None,
) -> None:
    """End an active pair; its sessions and history are kept.

    Examples: revmentor pairs end ana@example.com dana@example.com;
    revmentor pairs end --pair 3 --reason "moved team"
    """
    named = _named(pair, mentor, mentee)
    ended = common.open_for_writing(ctx).end_pair(named, reason=reason, on=on)
    say(f"Ended the pair {pair_label(ended)} ({ended.end_reason}).")


@app.command("fit")
def pairs_fit(
    ctx: typer.Context,
    mentor: MentorArg = None,
    mentee: MenteeArg = None,
    fit: Annotated[
        str | None,
        typer.Argument(
            metavar="FIT",
            help="How well the pairing works so far: good, unsure or poor "
            "(the only argument with --pair).",
        ),
    ] = None,
    pair: common.PairOption = None,
) -> None:
    """Record how well an active pairing works, without logging a session.

    Pairs recorded as poor are ended and paired again by `revmentor pair --rematch`.

    Examples: revmentor pairs fit ana@example.com dana@example.com poor;
    revmentor pairs fit --pair 3 good
    """
    *people, said = [w for w in (mentor, mentee, fit) if w is not None] or ["none"]
    if said.lower() not in FIT_LABELS or len(people) not in (0, 2):
        raise UsageProblem(
            f"Give [MENTOR MENTEE] FIT, FIT being good, unsure or poor, not {said}."
        )
    named = _named(pair, *(people or (None, None)))
    found = common.open_for_writing(ctx).record_fit(named, Fit(said.lower()))
    say(f"Recorded the fit of {pair_label(found)}: {FIT_LABELS[said.lower()]}.")
