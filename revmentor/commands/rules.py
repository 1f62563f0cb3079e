"""`revmentor rules`: see, add and remove the pair rules (avoid, fixed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.pairing.pair_rules import AVOID, PairRuleKind
from revmentor.render.console import emit_listing, say

# The group's help is its callback's docstring.
app = typer.Typer(invoke_without_command=True)


@app.callback()
def rules_list(
    ctx: typer.Context,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("rules.csv")] = None,
) -> None:
    """The pairing rules: avoid (never pair these two) and fixed (pair this
    mentor with this mentee), with where each came from.

    Examples: revmentor rules;  revmentor rules add avoid ana.ruiz@example.com
    sam.ortiz@example.com;  revmentor rules remove 3
    """
    if ctx.invoked_subcommand is not None:
        return
    rows = [vars(rule) for rule in common.open_for_reading(ctx).pair_rules()]
    emit_listing(
        rows=rows,
        columns=["id", "kind", "first", "second", "source"],
        headers=["ID", "Rule", "Mentor (or person)", "Mentee (or person)", "From"],
        fmt=fmt,
        output=output,
        title=f"Pairing rules ({len(rows)})",
        empty="No pairing rules; add one with `revmentor rules add avoid A B`.",
    )


@app.command("add")
def rules_add(
    ctx: typer.Context,
    kind: Annotated[
        PairRuleKind,
        typer.Argument(
            help="avoid: never pair the two; fixed: pair this mentor with this mentee."
        ),
    ],
    first: Annotated[
        str, typer.Argument(metavar="A", help="An email (for fixed: the mentor's).")
    ],
    second: Annotated[
        str, typer.Argument(metavar="B", help="An email (for fixed: the mentee's).")
    ],
) -> None:
    """Add a rule the next `revmentor pair` honours.

    Examples:

    \b
      revmentor rules add avoid ana.ruiz@example.com sam.ortiz@example.com
      revmentor rules add fixed lee.wu@example.com sam.ortiz@example.com
    """
    rule = common.open_for_reading(ctx).add_pair_rule(kind, first, second)
    what = "never paired" if kind == AVOID else "paired by the next `revmentor pair`"
    say(f"Added rule {rule.id}: {rule.first} and {rule.second} are {what}.")


@app.command("remove")
def rules_remove(
    ctx: typer.Context,
    rule_id: Annotated[int, common.id_argument("rule", 3)],
) -> None:
    """Remove a rule. Pairs already made stay as they are.

    Example: revmentor rules remove 3
    """
    rule = common.open_for_reading(ctx).remove_pair_rule(rule_id)
    say(f"Removed rule {rule_id}: {rule.kind} {rule.first} and {rule.second}.")
