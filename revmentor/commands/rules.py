"""`revmentor rules`: see, add and remove the avoid and fixed pairing rules."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.errors import NotFound
from revmentor.render.people import tell

app = typer.Typer(
    help=(
        "The pairing rules: avoid (never pair these two) and fixed (pair this "
        "mentor with this mentee), with where each came from.\n\n"
        "Examples: revmentor rules;  revmentor rules add avoid ana.ruiz@example.com "
        "sam.ortiz@example.com;  revmentor rules remove 3"
    ),
    invoke_without_command=True,
)


@app.callback()
def rules_list(
    ctx: typer.Context,
    fmt: common.ListingFormatOption = None,
    output: common.OutputOption = None,
) -> None:
    """List the avoid and fixed rules (with the roster or command they came from).

    Example: revmentor rules --format csv
    """
    if ctx.invoked_subcommand is not None:
        return
    from revmentor.render.console import emit_listing
    from revmentor.store.avoid_fixed import all_rules

    store = common.open_for_reading(ctx)
    rows = [vars(rule) for rule in all_rules(store.db)]
    emit_listing(
        rows=rows,
        json_data=rows,
        columns=["id", "kind", "first", "second", "source"],
        headers=["ID", "Rule", "Mentor (or person)", "Mentee (or person)", "From"],
        fmt=fmt,
        output=output,
        title=f"Pairing rules ({len(rows)})",
        empty="No pairing rules; add one with `revmentor rules add avoid A B`.",
    )


class PairRuleKind(StrEnum):
    avoid = "avoid"
    fixed = "fixed"


@app.command("add")
def rules_add(
    ctx: typer.Context,
    kind: Annotated[
        PairRuleKind,
        typer.Argument(
            help="avoid: never pair the two; fixed: pair this mentor with this mentee.",
        ),
    ],
    first: Annotated[
        str,
        typer.Argument(metavar="A", help="An email (for fixed: the mentor's)."),
    ],
    second: Annotated[
        str,
        typer.Argument(metavar="B", help="An email (for fixed: the mentee's)."),
    ],
) -> None:
    """Add a rule the next `revmentor pair` honours.

    Examples:

    \b
      revmentor rules add avoid ana.ruiz@example.com sam.ortiz@example.com
      revmentor rules add fixed lee.wu@example.com sam.ortiz@example.com
    """
    from revmentor.domain.pairing.avoid_fixed import COMMAND_LINE, check_new_rule
    from revmentor.store.avoid_fixed import add_rules, all_rules
    from revmentor.store.people.participants import all_emails

    store = common.open_for_reading(ctx)
    with store.write():
        roles = {email: role for email, (role, _) in all_emails(store.db).items()}
        with common.refusing("Cannot add the rule"):
            pair = check_new_rule(
                kind, first, second, roles=roles, rules=all_rules(store.db)
            )
        add_rules(store.db, kind, [pair], COMMAND_LINE)
        rule = all_rules(store.db)[-1]
    what = "never paired" if kind == "avoid" else "paired by the next `revmentor pair`"
    tell(f"Added rule {rule.id}: {rule.first} and {rule.second} are {what}.")


@app.command("remove")
def rules_remove(
    ctx: typer.Context,
    rule_id: Annotated[
        int,
        typer.Argument(metavar="ID", min=1, help="The rule's number (see `rules`)."),
    ],
) -> None:
    """Remove a rule. Pairs already made stay as they are.

    Example: revmentor rules remove 3
    """
    from revmentor.store.avoid_fixed import all_rules, remove_rule

    store = common.open_for_reading(ctx)
    with store.write():
        rule = next((r for r in all_rules(store.db) if r.id == rule_id), None)
        if rule is None or not remove_rule(store.db, rule_id):
            raise NotFound(f"There is no rule {rule_id}; see `revmentor rules`.")
    tell(f"Removed rule {rule_id}: {rule.kind} {rule.first} and {rule.second}.")
