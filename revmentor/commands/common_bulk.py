"""What `log`, `checkin`, `sessions` and `goals` share: the options of a
session's answers and of `--from FILE` (many sessions or check-ins from a form's
export, recorded by the library), picking from a list, and what an import did."""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revmentor.commands.common import date_option, dry_run_option
from revmentor.domain.text import plural
from revmentor.errors import UsageProblem
from revmentor.prompts import match_label, validator
from revmentor.render.console import say

if TYPE_CHECKING:
    from revmentor.domain.tables import Table

DayOption = Annotated[date | None, date_option("it happened")]
# The answers about a session, shared by `log` and `sessions edit`: the
# session's fields, and the options that give them.
SESSION_KEYS = ("date", "minutes", "topics", "notes", "mentor_rating", "mentee_rating")
Minutes = Annotated[
    str | None,
    typer.Option(
        metavar="N",
        help="How long it lasted (`log` default: the program's session length), "
        "e.g. --minutes 45.",
    ),
]
Topics = Annotated[
    str | None,
    typer.Option(help='Topics covered, comma-separated, e.g. --topics "TikTok, AI".'),
]


def _notes(text: str) -> str:
    """The notes as typed, or standard input's text for '-'."""
    return sys.stdin.read() if text == "-" else text


Notes = Annotated[
    str | None,
    typer.Option(
        parser=_notes,
        help="Private notes ('-' reads them from stdin); shown only with "
        '`revmentor sessions --include-notes`, e.g. --notes "Set up her account".',
    ),
]


def _rating(side: str, example: int) -> typer.models.OptionInfo:
    return typer.Option(
        metavar="1-5",
        help=f'How the {side} rated the session, 1 to 5 ("" clears it), '
        f"e.g. --{side}-rating {example}.",
    )


def _person(side: str, example: str) -> typer.models.OptionInfo:
    return typer.Option(metavar="EMAIL", help=f"The {side}, e.g. --{side} {example}.")


MentorRating = Annotated[str | None, _rating("mentor", 4)]
MenteeRating = Annotated[str | None, _rating("mentee", 5)]
Mentor = Annotated[str | None, _person("mentor", "ana.ruiz@example.com")]
Mentee = Annotated[str | None, _person("mentee", "dana.lee@example.com")]


def from_option(help: str) -> typer.models.OptionInfo:
    return typer.Option("--from", metavar="FILE", help=help, dir_okay=False)


FromFile = Annotated[
    Path | None,
    from_option(
        "Record many at once from a .csv or .xlsx file (a form's export), "
        "e.g. --from responses.csv; see `revmentor forms` for its columns."
    ),
]
SkipInvalid = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help="With --from: record the good rows and list the bad ones, instead "
        "of refusing the whole file.",
    ),
]
DryRun = Annotated[
    bool, dry_run_option("With --from: check the file and say what would be added.")
]


def pick(ask, question: str, by_label: dict, what: str = "pair"):
    """What the answer names among ``by_label`` (typed in part; Tab lists them)."""
    labels = list(by_label)
    check = validator(lambda text: match_label(text, labels, what))
    answer = ask.autocomplete(question, labels, validate=check)
    return by_label[match_label(answer, labels, what)]


@dataclass
class FileOptions:
    from_file: Path
    sheet: str | None
    columns: list[str] | None
    date_format: str | None
    skip_invalid: bool
    dry_run: bool

    def read(self) -> tuple[Table, dict]:
        """The file's table (read before the program opens: a bad file is told
        first), and the options the library's import takes."""
        # Loaded when a file is read: `revmentor --help` loads this module (18 ms).
        from revmentor.spreadsheets import read_table

        skip = ("from_file", "sheet")
        options = {k: v for k, v in vars(self).items() if k not in skip}
        table = read_table(self.from_file, sheet=self.sheet)
        if table.note:
            say(table.note)
        return table, options


def file_options(ctx: typer.Context, values: dict) -> FileOptions | None:
    """The --from options among a command's arguments (``values``: its
    locals()), or None without --from; refuses flags of the other mode: --from
    reads every answer from the file (only --no-input may join it), and --sheet
    and friends only mean something with it."""
    keys = [f.name for f in fields(FileOptions)]
    with_file = values["from_file"] is not None
    given = [p for p in ctx.command.params if values[p.name] not in (None, False)]
    # With --from, every flag but these (and --no-input) clashes; without, these.
    clash = [p for p in given if (p.name in keys) != with_file and p.name != "no_input"]
    names = ", ".join(
        p.opts[0] if p.param_type_name == "option" else str(p.metavar) for p in clash
    )
    if clash and with_file:
        raise UsageProblem(
            f"--from reads every answer from the file; leave out {names}."
        )
    if clash:
        raise UsageProblem(f"{names} only apply with --from FILE.")
    return FileOptions(**{key: values[key] for key in keys}) if with_file else None


def say_done(rows, options: FileOptions, what: str, done: str, also=()) -> None:
    """What a --from import did; ``also``: what else the rows did, e.g. ["2 goals
    reached"]."""
    if rows.problems:
        listed = "\n".join(f"  {problem}" for problem in rows.problems)
        say(f"Skipped {plural(len(rows.problems), 'bad row')}:\n{listed}")
    text = f"Would have {done}" if options.dry_run else done.capitalize()
    text += f" {plural(len(rows.added), what)} from {options.from_file}"
    extra = list(also)
    extra += [f"{rows.already} already {done} earlier"] if rows.already else []
    extra += [f"{len(rows.problems)} skipped"] if rows.problems else []
    if extra:
        text += f" ({', '.join(extra)})"
    say(text + ("; dry run: nothing was saved." if options.dry_run else "."))
