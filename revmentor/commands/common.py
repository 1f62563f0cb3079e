"""Options and helpers shared by the commands.

Choices (role, status, phase, formats) are enums (``revmentor.domain.models``,
each command's own format enum), so a bad choice is Click's usage error, exit 2;
a day is the one ``day`` parameter type.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from revmentor.domain import validation
from revmentor.errors import InvalidInput, UsageProblem
from revmentor.errors import refusing as refusing  # the commands' way to word it
from revmentor.prompts import QuestionaryPrompter
from revmentor.render.console import say

# What a listing or a record command writes (no HTML).
ListingFormat = StrEnum("ListingFormat", "table json csv markdown")

# None: the --output file's extension chooses, else a table (render.pick_format).
ListingFormatOption = Annotated[
    ListingFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: the --output file's extension, else table).",
    ),
]


def output_option(example: str) -> Any:
    """The option of the file a command writes, with an example that fits it:
    ``Annotated[Path | None, output_option("pairs.csv")]``."""
    return typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of the terminal (never over the "
        f"database, an input file or through a link), e.g. -o {example}.",
        dir_okay=False,
    )


def id_argument(what: str, example: int) -> Any:
    """The argument of a record's number: ``Annotated[str, id_argument("goal", 3)]``."""
    return typer.Argument(
        metavar="ID",
        help=f"The {what}'s number, as listed by `revmentor {what}s`, e.g. {example}.",
    )


# The spreadsheet flags of the commands that read a CSV or Excel file.
_MAP = (
    "Read a column whose header is not a known key as that key, or leave it out "
    'with "=-" (repeatable), e.g. --map "Work Email=email" --map "Start time=-".'
)
_DATES = (
    "How dates written as text are laid out when they are not YYYY-MM-DD, e.g. "
    "--date-format MM/DD/YYYY (Excel date cells need none)."
)


def sheet_option(example: str) -> Any:
    """``Annotated[str | None, sheet_option("Sessions")]``: which sheet to read."""
    return typer.Option(
        metavar="NAME",
        help="Read this sheet of an .xlsx file (default: the first), e.g. "
        f'--sheet "{example}".',
    )


ColumnMap = Annotated[
    list[str] | None, typer.Option("--map", metavar="HEADER=KEY", help=_MAP)
]
DateFormat = Annotated[str | None, typer.Option(metavar="FORM", help=_DATES)]
PersonOption = Annotated[
    str | None,
    typer.Option(
        metavar="PERSON",
        help="Only what concerns this person, in any role (email, or a unique "
        "name or part of one), e.g. --person dana.lee@example.com.",
    ),
]
PairOption = Annotated[
    str | None,
    typer.Option(
        metavar="PAIR",
        help="The pair: its number, the mentor's and the mentee's emails, or one "
        "person's email or name, e.g. --pair 3 or --pair \"ana@example.com "
        'dana@example.com".',
    ),
]
RoundOption = Annotated[
    int | None,
    typer.Option(
        "--round", metavar="N", min=1, help="Only pairs of this round, e.g. 2."
    ),
]
# The settings both `init` and `program` set.
Objectives = Annotated[str | None, typer.Option(help="Objectives, separated by ';'.")]
Rules = Annotated[
    str | None,
    typer.Option(help="Rules of conduct, separated by ';' (a rule may hold commas)."),
]
SessionFormUrl = Annotated[
    str | None,
    typer.Option(
        help="Link to the form where pairs record a session (put into "
        "reminders), e.g. --session-form-url https://forms.example.com/s."
    ),
]
CheckinFormUrl = Annotated[
    str | None,
    typer.Option(help="Link to the check-in form (put into check-in reminders)."),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never prompt: take every answer from the flags (for scripts).",
    ),
]

VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Name every file written.")
]


def folder_option(help: str) -> Any:
    """The ``--output DIR`` of a command that writes a file per item."""
    return typer.Option("--output", "-o", metavar="DIR", help=help)


def include_notes_option(what: str) -> Any:
    """``--include-notes``: also show ``what``, which is private."""
    return typer.Option(
        "--include-notes",
        help=f"Also show {what} (confidential: think before sharing the output).",
    )


def dry_run_option(help: str) -> Any:
    """``--dry-run`` (it has no ``--no-dry-run`` twin): ``help`` says what it shows."""
    return typer.Option("--dry-run", help=help)


def yes_option(what: str) -> Any:
    """``--yes``: do ``what`` without the question no script can answer."""
    return typer.Option(
        "--yes",
        "-y",
        help=f"{what} without asking first (needed when not in a terminal).",
    )


@contextlib.contextmanager
def cycle_collector_off() -> Iterator[None]:
    """Python's cycle collector off while `pair` or `import` builds its many
    long-lived objects (they leave almost no garbage cycles), on again after,
    unless the caller had turned it off. Collections walk every object all the
    same: they cost 0.7 s of `pair`'s 2.7 s at 2,000 a side (26%) and 0.13 s of
    1.2 s at 600 a side (benchmarks/pairing.py's rosters, measured in-process)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def confirm_or_stop(
    ask, question: str, *, default: bool = True, stop: str = "Nothing saved."
) -> None:
    """Go on when the answer is yes; else say ``stop`` and exit 0."""
    if not ask.confirm(question, default=default):
        say(stop)
        raise typer.Exit(0)


def confirm_change(question: str, doing: str, stop: str) -> None:
    """Ask before a change that cannot be undone (what --yes skips); with no
    terminal there is nobody to ask, so --yes is needed."""
    ask = prompter(False, ["--yes"], f"add --yes to confirm {doing}")
    confirm_or_stop(ask, question, default=False, stop=stop)


def prompter(no_input: bool, missing: list[str] | None = None, how: str = ""):
    """Who asks the questions: the terminal's prompter, or None with --no-input
    or no terminal, when the ``missing`` flags are refused, saying ``how`` to
    give them."""
    if not no_input and stdin_is_interactive():
        return QuestionaryPrompter()
    if missing:
        raise UsageProblem(
            f"Missing {', '.join(missing)}: {how} when not running in a terminal."
        )
    return None


def db_option(ctx: typer.Context) -> str | None:
    """The root's ``--db PATH``, or None for the default."""
    return ctx.find_root().params["db"]


def open_for_reading(ctx: typer.Context, *, create: bool = False):
    """The program (``--db``, else the default); created when ``create``."""
    from revmentor.library import Program  # lazy: it loads sqlite-utils, pydantic

    return Program.open(db_option(ctx), create=create)


def open_for_writing(ctx: typer.Context):
    return open_for_reading(ctx, create=True)


def stdin_is_interactive() -> bool:
    return _is_terminal(sys.stdin)


def stdout_is_interactive() -> bool:
    return _is_terminal(sys.stdout)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def day_option(flag: str, help: str) -> Any:
    """The option of a day: ``Annotated[date | None, day_option("--date", ...)]``."""
    return typer.Option(flag, parser=day, metavar="YYYY-MM-DD", help=help)


def whole_option(flag: str, help: str) -> Any:
    """The option of a whole number: an int, or None for an empty value. A word
    or a fraction is refused with a sentence (exit 1), as every other way in
    refuses it; bounds are the domain rule set's."""

    def parse(text: str) -> int | None:
        return validation.parse_whole_number(text, flag) if text.strip() else None

    return typer.Option(flag, parser=parse, help=help)


def date_option(what: str) -> Any:
    """``--date``: the day ``what`` happened (not in the future)."""
    return day_option(
        "--date",
        f"The day {what} (default today; not in the future), e.g. --date 2027-01-20.",
    )


def day(text: str) -> date:
    """A real day written YYYY-MM-DD; anything else is a usage error (exit 2).
    The parser of ``day_option`` (Click converts no default: they are None)."""
    try:
        return validation.parse_date(text, "the date")
    except InvalidInput as error:
        raise typer.BadParameter(str(error).replace("the date ", "", 1)) from None


AsOfOption = Annotated[
    date | None,
    day_option(
        "--as-of",
        "Judge the program as it stood on this day (default today); later "
        "sessions and check-ins are left out. E.g. --as-of 2027-03-01.",
    ),
]
