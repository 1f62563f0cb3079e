"""The Typer application: wires the command modules and turns errors into exits.

This is the one place where a ``RevmentorError`` becomes a sentence on stderr
and an exit code; commands just raise.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sqlite3
import sys
from itertools import islice, pairwise
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from revmentor import __version__, command_run, files
from revmentor.domain.text import printable
from revmentor.errors import RevmentorError, StoreError, as_sentence


class RevmentorGroup(TyperGroup):
    """Root group whose ``invoke`` is the single error edge of the program.

    Commands are loaded when they run, not all at start-up: importing and
    building the twenty command modules cost about 0.12 s, which made every
    everyday command on a small program (``people show``, ``sessions``,
    ``goals add``, ``report``) take 2.1-2.4x a bare two-command Typer app
    instead of 1.1-1.4x (benchmarks/startup.py).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The names alone, in order: Typer lists them and suggests one for a typo.
        self.commands = dict.fromkeys(COMMANDS)  # type: ignore[arg-type]

    def get_command(self, ctx, cmd_name: str) -> Any:
        return _load(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx, formatter) -> None:
        """The commands in panels by what a coordinator is doing, as plain
        text: Typer's Rich help panels would add 0.3 s of imports."""
        limit = formatter.width - 16
        for panel, names in PANELS.items():
            with formatter.section(panel):
                formatter.write_dl(
                    [(name, _load(name).get_short_help_str(limit)) for name in names]
                )

    def main(self, *args, **kwargs):
        with command_run.command():  # one for each command: see command_run
            return super().main(*args, **kwargs)

    def parse_args(self, ctx, args):
        args = hoist_global_options(list(args))
        _refuse_undecodable(args)
        rest = super().parse_args(ctx, args)
        _protect_named_inputs(args, ctx.params["db"])
        return rest

    def invoke(self, ctx):
        succeeded = False
        try:
            result = super().invoke(ctx)
            succeeded = True
            return result
        except typer.Exit as exit_:
            succeeded = exit_.exit_code == 0
            raise
        except RevmentorError as error:
            _fail(str(error), error.exit_code)
        except sqlite3.Error as error:
            # Lazy: the library loads sqlite-utils and pydantic.
            from revmentor.library.base import describe_sqlite_error

            path = files.resolve_db_path(ctx.params["db"])
            _fail(describe_sqlite_error(error, path), 1)
        except UnicodeError as error:
            _fail(_describe_unicode_error(error), 1)
        except OSError as error:
            if error.errno == 32:  # broken pipe: the reader went away, e.g. `| head`
                raise
            _fail(f"{error.strerror or error}: {error.filename or ''}".strip(": "), 1)
        except KeyboardInterrupt:
            if command_run.current().committed:
                _fail("Interrupted; what was saved before Ctrl-C is kept", 130)
            _fail("Interrupted. Nothing saved", 130)
        except (typer.TyperException, typer.Abort, EOFError):
            raise  # usage errors (exit 2) are Typer's to report
        except Exception as error:  # the promise is: no traceback reaches a user
            if os.environ.get("REVMENTOR_DEBUG"):
                raise
            _fail(
                f"Unexpected error ({type(error).__name__}: {error}); "
                "run again with REVMENTOR_DEBUG=1 to see the details.",
                1,
            )
        finally:
            # An error above is a failed command (``_fail`` raises Exit 1).
            run = command_run.current()
            for path in run.end(succeeded=succeeded):
                print(f"Created program database {path}", file=sys.stderr)
            if run.interrupted and succeeded:
                print(
                    "Ctrl-C came after the change was saved, so the command "
                    "finished; the change is kept.",
                    file=sys.stderr,
                )


def hoist_global_options(args: list[str]) -> list[str]:
    """Move `--db PATH` and `--version` given after the command name to the
    front, where the program's own options are parsed."""
    front, rest = [], []
    words = iter(args)
    for arg in words:
        if arg == "--":
            rest += [arg, *words]
        elif arg == "--db":
            front += [arg, *islice(words, 1)]
        elif arg == "--version" or arg.startswith("--db="):
            front.append(arg)
        else:
            rest.append(arg)
    return front + rest


def _protect_named_inputs(args: list[str], db: str | None) -> None:
    """Every existing file named on the command line (except the output) is
    something the command may read: no output is ever written over it. The
    database is known before the command runs: refuse it as an output before
    any other check."""
    for previous, arg in pairwise(["", *args]):
        option, equals, value = arg.partition("=")
        if not (arg.startswith("--") and equals):
            option, value = previous, arg
        # The value of --output is the file the command writes, not one it reads.
        if option not in ("--output", "-o") and value and os.path.isfile(value):
            files.protect(value)
    with contextlib.suppress(StoreError):  # an empty --db: the command says so
        files.protect(files.resolve_db_path(db), database=True)


def _refuse_undecodable(args: list[str]) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates; say so, once, here."""
    for arg in args:
        bad = [c for c in arg if "\udc80" <= c <= "\udcff"]
        if bad:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            _fail(
                f"The argument {shown!r} is not valid UTF-8 text (byte "
                f"0x{ord(bad[0]) - 0xDC00:02x}); check the terminal's encoding "
                "(e.g. LANG=en_US.UTF-8)",
                1,
            )


def _describe_unicode_error(error: UnicodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return (
            f"The input is not UTF-8 text (byte 0x{error.object[error.start]:02x} "
            f"at position {error.start}); save it as UTF-8 and try again"
        )
    return (
        "Some text cannot be written in this terminal's encoding; set a UTF-8 "
        "locale (e.g. LANG=en_US.UTF-8) or write to a file with --output"
    )


def _fail(message: str, code: int):
    print(f"Error: {printable(as_sentence(message))}", file=sys.stderr)
    raise typer.Exit(code)


def _show_version(value: bool) -> None:
    if value:
        print(f"revmentor {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=RevmentorGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={
        "help_option_names": ["-h", "--help"],
        # One spelling in options: --organisation is read as --organization.
        "token_normalize_func": lambda name: name.replace("organis", "organiz"),
    },
)


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Program database file (default: $REVMENTOR_DB or ./revmentor.db).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Run a reverse-mentoring program: enroll people, pair juniors (mentors)
    with senior leaders (mentees), log sessions and see who is on track.

    Example: revmentor pair examples/roster.yaml && revmentor report
    """


# The panels of `revmentor --help`: what a coordinator is doing.
PANELS = {
    "Setting up": ("init", "program", "enroll", "people", "import", "org", "forms"),
    "Pairing": ("pair", "pairs", "rules"),
    "Running the program": ("intro", "calendar", "log", "goals", "checkin", "remind"),
    "Reporting": ("report", "digest", "sessions", "checkins", "messages"),
    "Data and backups": ("export", "restore"),
}
# Every command, in the order a coordinator meets them.
COMMANDS = [name for names in PANELS.values() for name in names]
# A command's module in revmentor.commands, where its name is not the command's.
# The module holds NAME_command, or `app` for a group of commands.
MODULES = {
    "import": "import_roster",
    "checkins": "checkin",
    "export": "backup",
    "restore": "backup",
}


@functools.cache
def _load(name: str):
    """The Click command ``name``, built from its module the first time it runs."""
    module = importlib.import_module(f"revmentor.commands.{MODULES.get(name, name)}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    holder.callback()(lambda: None)
    if command := getattr(module, f"{name}_command", None):
        holder.command(name)(command)
    else:
        holder.add_typer(module.app, name=name)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def main() -> None:
    app(prog_name="revmentor")
