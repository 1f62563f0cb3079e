"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from revmentor.render.console import say
from revmentor.render.formats import Format

__all__ = [
    "CorrectedDateOption",
    "DateOption",
    "FormatOption",
    "NoInputOption",
    "OutputOption",
    "VerboseOption",
    "db_option",
    "id_number",
    "open_for_reading",
    "open_for_writing",
    "say",
    "stdin_is_interactive",
    "warn_unknown_manager",
]

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: table, json, csv or markdown (default: the "
        "--output file's extension, else table).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of the terminal (never over the "
        "database, an input file or through a link), e.g. -o people.csv.",
        dir_okay=False,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="The day it happened (default today; not in the future), "
        "e.g. --date 2027-01-20.",
    ),
]
# Correcting a record: the day given replaces the stored one, so no default.
CorrectedDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="The right day (not in the future, not before the pair was made), "
        "e.g. --date 2027-01-20.",
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never prompt: take every answer from the flags (for scripts).",
    ),
]

VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Name every file written."),
]


def db_option(ctx: typer.Context) -> str | None:
    root = ctx.find_root()
    return (root.obj or {}).get("db")


def open_for_reading(ctx: typer.Context):
    from revmentor.store import open_store, resolve_db_path

    return open_store(resolve_db_path(db_option(ctx)), create=False)


def open_for_writing(ctx: typer.Context):
    from revmentor.store import open_store, resolve_db_path

    return open_store(resolve_db_path(db_option(ctx)), create=True)


def id_number(text: str, refusal: str) -> int:
    """A record's id as typed (a whole number from 1); ``refusal`` is the one
    sentence when it is not one."""
    from revmentor.domain.validation import parse_whole_number
    from revmentor.errors import InvalidInput

    try:
        return parse_whole_number(text.strip(), "ID", minimum=1)
    except InvalidInput:
        raise InvalidInput(refusal) from None


def stdin_is_interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def warn_unknown_manager(store, person) -> None:
    """A manager nobody enrolled breaks the reporting-line check above them."""
    from revmentor.render.console import warn
    from revmentor.store.org import org_managers
    from revmentor.store.participants import participant_id

    if (
        person.manager
        and participant_id(store.db, person.manager) is None
        and person.manager not in org_managers(store.db)
    ):
        warn(
            f"Note: the manager {person.manager} is not enrolled, so the reporting "
            "line above them cannot be checked; check the address, or import the "
            "org chart."
        )


def warn_unknown_managers(store) -> None:
    """Once, with the count: people whose reporting line cannot be followed up."""
    from revmentor.domain.org import unknown_manager_count, unknown_manager_note
    from revmentor.render.console import warn_about
    from revmentor.store.org import org_managers
    from revmentor.store.participants import list_participants

    note = unknown_manager_note(
        unknown_manager_count(list_participants(store.db), org_managers(store.db))
    )
    if note:
        warn_about(note)


@contextlib.contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Switch off CPython's cycle collector for one command.

    Reading and pairing a big roster, or listing a big program, creates millions
    of small, long-lived objects (YAML nodes, people, rows, table cells) and
    almost no garbage cycles: about 600 unreachable objects at the end of `pair`
    whether the roster has 2,000, 5,000 or 10,000 people a side, and the same
    peak memory with the collector off.
    Collections walk those objects all the same: at 5,000 a side they took 1.5 s
    of `pair` at CPython's default thresholds, and 0.36 s with the youngest
    generation collected every 100,000 allocations rather than 700; listing
    20,000 sessions took a third longer with them. Reference counting still
    frees everything else at once. Use it for one command:
    `ctx.with_resource(no_gc_pauses())`.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def stdout_is_interactive() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
