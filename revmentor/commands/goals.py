"""`revmentor goals`: what each pair set out to do (private like notes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.errors import UsageProblem
from revmentor.prompts import pair_label
from revmentor.render.console import say
from revmentor.render.sessions import show_goals

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)

PairArg = Annotated[
    str | None,
    typer.Argument(
        metavar="PAIR",
        help="The pair: its number (as `revmentor pairs` lists it), the mentor's "
        "and the mentee's emails, or one person's email or name, e.g. "
        "dana.lee@example.com.",
    ),
]
GoalIdArg = Annotated[str, common.id_argument("goal", 3)]


@app.callback()
def goals_list(
    ctx: typer.Context,
    pair: common.PairOption = None,
    only_open: Annotated[
        bool, typer.Option("--open", help="Only goals not yet reached nor dropped.")
    ] = False,
    include_notes: Annotated[
        bool, common.include_notes_option("the goals' words (private like notes)")
    ] = False,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("goals.csv")] = None,
) -> None:
    """What each pair set out to do: list goals, add one, mark one reached or
    drop it. Goals are the pair's own words, shown only with --include-notes.

    Examples: revmentor goals add dana.lee@example.com "Post weekly on LinkedIn"
    --due 2027-03-01;  revmentor goals --open;  revmentor goals done 3
    """
    if ctx.invoked_subcommand is not None:
        return
    goals = common.open_for_reading(ctx).goals(pair=pair, only_open=only_open)
    show_goals(goals, include_notes=include_notes, fmt=fmt, output=output)


@app.command("add")
def goals_add(
    ctx: typer.Context,
    pair: PairArg = None,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help='What the pair sets out to do, e.g. "Post weekly on LinkedIn".',
        ),
    ] = None,
    due: Annotated[
        date | None,
        common.day_option(
            "--due", "When the pair means to reach it, e.g. --due 2027-03-01."
        ),
    ] = None,
    on: common_bulk.DayOption = None,
    from_file: Annotated[
        Path | None,
        common_bulk.from_option(
            "Add many goals from a .csv or .xlsx file: a pair column (pair "
            "number, mentor, mentee or participant), goal, and optional due and "
            "date, e.g. --from goals.xlsx."
        ),
    ] = None,
    sheet: Annotated[str | None, common.sheet_option("Goals")] = None,
    columns: common.ColumnMap = None,
    date_format: common.DateFormat = None,
    skip_invalid: common_bulk.SkipInvalid = False,
    dry_run: common_bulk.DryRun = False,
) -> None:
    """Add a goal to an active pair (--date: the day the pair set it), or many
    from a file with --from, all or none, by the same rules (a goal the pair
    already has in the same words is not added again).

    Examples:

    \b
      revmentor goals add dana.lee@example.com "Post weekly on LinkedIn" --due 2027-03-01
      revmentor goals add --from goals.xlsx --dry-run
    """
    if bulk := common_bulk.file_options(ctx, locals()):
        table, options = bulk.read()
        rows = common.open_for_reading(ctx).add_goals_from(table, **options)
        return common_bulk.say_done(rows, bulk, "goal", "added")
    if pair is None or text is None:
        raise UsageProblem(
            "Name the PAIR and the goal's TEXT, or add many with --from FILE."
        )
    goal = common.open_for_reading(ctx).add_goal(pair, text, due=due, on=on)
    when = f", due {goal.due}" if goal.due else ""
    say(f"Added goal #{goal.id} for {pair_label(goal)}{when}.")


@app.command("done")
def goals_done(
    ctx: typer.Context, goal_id: GoalIdArg, on: common_bulk.DayOption = None
) -> None:
    """Mark a goal reached.

    Example: revmentor goals done 3 --date 2027-02-14
    """
    goal = common.open_for_reading(ctx).reach_goal(goal_id, on)
    say(f"Goal #{goal.id} of {pair_label(goal)} reached on {goal.done_on}.")


@app.command("drop")
def goals_drop(
    ctx: typer.Context, goal_id: GoalIdArg, on: common_bulk.DayOption = None
) -> None:
    """Drop a goal the pair no longer pursues (kept in the history as dropped).

    Example: revmentor goals drop 3 --date 2027-02-14
    """
    goal = common.open_for_reading(ctx).drop_goal(goal_id, on)
    say(f"Dropped goal #{goal.id} of {pair_label(goal)} on {goal.dropped_on}.")
