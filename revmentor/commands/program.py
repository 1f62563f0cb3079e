"""`revmentor program`: show the program's settings, or change its matching rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from revmentor.commands import common
from revmentor.render.console import emit_record, say

# A flag given any number of times.
Repeated = list[str] | None


def _require(side: str, example: str) -> Any:
    """The option of the values every ``side`` must have."""
    return typer.Option(
        metavar="NAME=VALUE[,VALUE]",
        help=f"A value every {side} must have (repeatable; replaces the {side} "
        f"rules), e.g. --require-{side} {example}.",
    )


def _within(rule: str, example: str) -> Any:
    """The option of a field or attribute that must ``rule`` within a pair."""
    return typer.Option(
        metavar="NAME",
        help=f"A field or attribute that must {rule} within a pair (repeatable), "
        f"e.g. --require-{example}.",
    )


def program_command(
    ctx: typer.Context,
    require_mentor: Annotated[Repeated, _require("mentor", "gender=female")] = None,
    require_mentee: Annotated[Repeated, _require("mentee", "gender=male")] = None,
    require_differ: Annotated[Repeated, _within("differ", "differ department")] = None,
    require_same: Annotated[Repeated, _within("be equal", "same site")] = None,
    no_require: Annotated[
        bool, typer.Option("--no-require", help="Remove every require rule.")
    ] = False,
    weight: Annotated[
        Repeated,
        typer.Option(
            metavar="NAME=NUMBER",
            help="A matching weight from 0 to 1000 (repeatable): topics, "
            "cross_department, diversity, preference or waited, e.g. "
            "--weight preference=3.",
        ),
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option(
            help="The name of the organization running the program (people "
            "without an organization belong to it)."
        ),
    ] = None,
    session_form_prefill: Annotated[
        Repeated,
        typer.Option(
            metavar="NAME=FIELD",
            help="Prefill the session form's link for each pair (repeatable; "
            'replaces the mapping; "" clears it) with the mentor, mentee or pair '
            "(its number), e.g. --session-form-prefill mentor=entry.1001.",
        ),
    ] = None,
    checkin_form_prefill: Annotated[
        Repeated,
        typer.Option(
            metavar="NAME=FIELD",
            help="Prefill the check-in form's link for each person (as "
            "--session-form-prefill): participant or phase, e.g. "
            "--checkin-form-prefill participant=entry.2001.",
        ),
    ] = None,
    min_level_gap: Annotated[
        int | None,
        common.whole_option(
            "--min-level-gap",
            "How much more senior a mentee must be than their mentor "
            "(levels; default 1), e.g. --min-level-gap 2.",
        ),
    ] = None,
    diversity_attributes: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help="Private attributes whose mix pairing favours, comma-separated, "
            "e.g. --diversity-attributes gender,ethnicity.",
        ),
    ] = None,
    allow_repeats: Annotated[
        bool | None,
        typer.Option(
            "--allow-repeats/--no-repeats",
            help="May a new round pair people who were paired before?",
        ),
    ] = None,
    objectives: common.Objectives = None,
    rules: common.Rules = None,
    statements: Annotated[
        str | None,
        typer.Option(
            help="Statements people rate in check-ins, separated by ';', e.g. "
            '--statements "I understand how our customers use TikTok".'
        ),
    ] = None,
    session_form_url: common.SessionFormUrl = None,
    checkin_form_url: common.CheckinFormUrl = None,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("program.json")] = None,
) -> None:
    """Show the program's settings, or change them.

    Its name, topics, cadence, length and mail settings also change with
    `revmentor init`. Matching rules hold for every later `revmentor pair`,
    including new rounds and rematches.

    Examples:

      revmentor program --format json

      revmentor program --require-mentor gender=female --require-mentee gender=male

      revmentor program --require-differ department --weight preference=3

      revmentor program --min-level-gap 2 --rules "Be on time; Keep it confidential"
    """
    flags = dict(locals(), weights=weight)  # the flags are program_changes' keys
    del flags["ctx"], flags["fmt"], flags["output"], flags["weight"]
    from revmentor.domain.program import program_changes  # pydantic: not for --help

    changes = program_changes(**flags)
    if changes:
        common.open_for_writing(ctx).change_settings(changes)
        pairing = set(changes) - {"session_form_prefill", "checkin_form_prefill"}
        when = "; they apply from the next `revmentor pair`" if pairing else ""
        say(f"Program settings updated{when}.")
        return
    data = common.open_for_reading(ctx).settings_as_dict()
    fields, title = list(_flatten(data)), data["name"]
    emit_record(data=data, fields=fields, title=title, fmt=fmt, output=output)


def _flatten(data: dict):
    for key, value in data.items():
        if key == "matching" or key.endswith("_prefill"):
            yield from ((f"{key}.{k}", v) for k, v in value.items())
        elif key in ("objectives", "rules", "statements"):
            yield key, "\n".join(value)  # one per line: they may hold commas
        else:
            yield key, value
