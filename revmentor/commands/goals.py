"""`revmentor goals`: what each pair set out to do (private like notes)."""

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
        "What each pair set out to do: list goals, add one, mark one reached or "
        "drop it. Goals are the pair's own words, shown only with --include-notes.\n\n"
        'Examples: revmentor goals add dana.lee@example.com "Post weekly on '
        'LinkedIn" --due 2027-03-01;  revmentor goals --open;  '
        "revmentor goals done 3"
    ),
    invoke_without_command=True,
)

PairArg = Annotated[
    str,
    typer.Argument(
        metavar="PAIR",
        help="The pair: its id number (as `revmentor pairs` lists it), or either "
        "person's email or unique name, e.g. dana.lee@example.com.",
    ),
]
GoalIdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The goal's number, as listed by `revmentor goals`, e.g. 3.",
    ),
]


@app.callback()
def goals_list(
    ctx: typer.Context,
    pair: Annotated[
        str | None,
        typer.Option(
            metavar="PAIR",
            help="Only this pair's goals: its id, or either person's email or "
            "name (all their pairs), e.g. --pair dana.lee@example.com.",
        ),
    ] = None,
    only_open: Annotated[
        bool,
        typer.Option("--open", help="Only goals not yet reached nor dropped."),
    ] = False,
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes",
            help="Also show the goals' words (private like session notes: "
            "think before sharing the output).",
        ),
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """List goals, by pair (their words only with --include-notes).

    Example: revmentor goals --pair dana.lee@example.com --open --include-notes
    """
    if ctx.invoked_subcommand is not None:
        return
    from revmentor.render.goals import show_goals
    from revmentor.store.sessions.goals import list_goals

    store = common.open_for_reading(ctx)
    pair_ids = None
    if pair is not None:
        pair_ids = [p.id for p in pairs_named(store.db, pair, active=False)]
    goals = list_goals(store.db, pair_ids=pair_ids, only_open=only_open)
    show_goals(
        goals,
        today=date.today(),
        include_notes=include_notes,
        fmt=fmt,
        output=output,
    )


@app.command("add")
def goals_add(
    ctx: typer.Context,
    pair: PairArg,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help='What the pair sets out to do, e.g. "Post weekly on LinkedIn".',
        ),
    ],
    due: Annotated[
        date | None,
        common.day_option(
            "--due", "When the pair means to reach it, e.g. --due 2027-03-01."
        ),
    ] = None,
    on: common_bulk.DayOption = None,
) -> None:
    """Add a goal to an active pair (--date: the day the pair set it).

    Example: revmentor goals add dana.lee@example.com "Post weekly on LinkedIn" --due 2027-03-01
    """
    from revmentor.domain.sessions.goals import new_goal
    from revmentor.store.sessions.goals import insert_goal

    store = common.open_for_reading(ctx)
    (chosen,) = pairs_named(store.db, pair, active=True)
    with common.refusing("Cannot add the goal"):
        goal = new_goal(
            {"text": text, "due": due, "created_on": on},
            paired_on=chosen.paired_on,
            today=date.today(),
        )
    with store.write():
        goal_id = insert_goal(store.db, chosen.id, goal)
    when = f", due {goal.due}" if goal.due else ""
    notice(f"Added goal #{goal_id} for {pair_label(chosen)}{when}.")


@app.command("done")
def goals_done(
    ctx: typer.Context,
    goal_id: GoalIdArg,
    on: common_bulk.DayOption = None,
) -> None:
    """Mark a goal reached.

    Example: revmentor goals done 3 --date 2027-02-14
    """
    from revmentor.domain.sessions.goals import check_reached
    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions.goals import mark_reached

    store = common.open_for_reading(ctx)
    goal = _find_goal(store.db, goal_id)
    pair = get_pair(store.db, goal.pair_id)
    assert pair is not None  # a goal's pair is kept (foreign key)
    with common.refusing(f"Cannot mark goal #{goal.id} reached"):
        reached = check_reached(
            goal,
            on or date.today(),
            paired_on=pair.paired_on,
            today=date.today(),
            ended_on=pair.ended_on,
        )
    with store.write():
        mark_reached(store.db, goal.id, reached)
    notice(f"Goal #{goal.id} of {pair_label(pair)} reached on {reached}.")


@app.command("drop")
def goals_drop(
    ctx: typer.Context, goal_id: GoalIdArg, on: common_bulk.DayOption = None
) -> None:
    """Drop a goal the pair no longer pursues (kept in the history as dropped).

    Example: revmentor goals drop 3 --date 2027-02-14
    """
    from revmentor.domain.sessions.goals import check_open, check_reached
    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions.goals import mark_reached

    store = common.open_for_reading(ctx)
    goal = _find_goal(store.db, goal_id)
    pair, dropped = get_pair(store.db, goal.pair_id), date.today()
    with common.refusing(f"Cannot drop goal #{goal.id}"):
        check_open(goal)
        if on is not None and pair:  # a past day: in the pair's life, once set
            span = {"paired_on": pair.paired_on, "ended_on": pair.ended_on}
            dropped = check_reached(goal, on, today=dropped, **span)
    with store.write():
        mark_reached(store.db, goal.id, dropped, "dropped_on")
    notice(f"Dropped goal #{goal.id} of {pair_label(goal)} on {dropped}.")


def _find_goal(db, text: str):
    from revmentor.store.sessions.goals import get_goal

    return common_bulk.numbered(text, partial(get_goal, db), "goal", "goals")


def pairs_named(db, text: str, *, active: bool) -> list:
    """The pairs PAIR names: one by its number, or a person's pairs (their one
    active pair when ``active``)."""
    from revmentor.store.sessions.sessions import find_pairs

    why = "goals are set by active pairs"
    if text.strip().removeprefix("#").isdigit():
        return find_pairs(db, pair=text, active=active, why=why)
    pairs = find_pairs(db, person=text, active=active, why=why)
    if active and len(pairs) > 1:
        choices = ", ".join(f"#{p.id} {pair_label(p)}" for p in pairs)
        raise InvalidInput(
            f"{text.strip()} is in {len(pairs)} active pairs ({choices}); "
            "give the pair's number instead."
        )
    return pairs
