"""The Typer application: wires the command modules and turns errors into exits.

This is the one place where a ``RevmentorError`` becomes a sentence on stderr
and an exit code; commands just raise.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from revmentor import __version__
from revmentor.errors import RevmentorError

# Options of the program itself, also accepted after a command's name
# (`revmentor people --db t.db`): option -> takes a value.
GLOBAL_OPTIONS = {"--db": True, "--version": False}
# Options whose value is the file a command writes (not one it reads).
OUTPUT_OPTIONS = ("--output", "-o")


class RevmentorGroup(TyperGroup):
    """Root group whose ``invoke`` is the single error edge of the program."""

    def parse_args(self, ctx, args):
        from revmentor import files

        files.forget_protected()  # tests run many commands in one process
        args = list(args)
        _refuse_undecodable(args)
        _protect_named_inputs(args)
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx):
        from revmentor import files, interrupts
        from revmentor.store.connection import finish_created

        succeeded = False
        try:
            result = self._invoke_reporting_errors(ctx)
            succeeded = True
            return result
        except typer.Exit as exit_:
            succeeded = exit_.exit_code == 0
            raise
        finally:
            for path in finish_created(succeeded=succeeded):
                print(f"Created program database {path}", file=sys.stderr)
            files.forget_protected()
            _, interrupted = interrupts.end_of_command()
            if interrupted and succeeded:
                print(
                    "Ctrl-C came after the change was saved, so the command "
                    "finished; the change is kept.",
                    file=sys.stderr,
                )

    def _invoke_reporting_errors(self, ctx):
        try:
            return super().invoke(ctx)
        except RevmentorError as error:
            _fail(str(error), error.exit_code)
        except sqlite3.Error as error:
            from revmentor.store.connection import (
                describe_sqlite_error,
                resolve_db_path,
            )

            _fail(
                describe_sqlite_error(error, resolve_db_path(ctx.params.get("db"))), 1
            )
        except UnicodeError as error:
            _fail(_describe_unicode_error(error), 1)
        except OSError as error:
            if error.errno == 32:  # broken pipe: the reader went away, e.g. `| head`
                raise
            _fail(f"{error.strerror or error}: {error.filename or ''}".strip(": "), 1)
        except KeyboardInterrupt:
            from revmentor import interrupts

            if interrupts.saved_something():
                _fail("Interrupted; what was saved before Ctrl-C is kept", 130)
            _fail("Interrupted. Nothing saved", 130)
        except (typer.TyperException, typer.Exit, typer.Abort, EOFError):
            raise  # usage errors (exit 2) and exits are Typer's to report
        except Exception as error:  # the promise is: no traceback reaches a user
            if os.environ.get("REVMENTOR_DEBUG"):
                raise
            _fail(
                f"Unexpected error ({type(error).__name__}: {error}); "
                "run again with REVMENTOR_DEBUG=1 to see the details.",
                1,
            )


def hoist_global_options(args: list[str]) -> list[str]:
    """Move `--db PATH` (and every program option) given after the command
    name to the front, where the program's own options are parsed."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name]
            if takes_value and "=" not in arg and i + 1 < len(args):
                front += args[i : i + 2]
                i += 2
                continue
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _protect_named_inputs(args: list[str]) -> None:
    """Every existing file named on the command line (except the output) is
    something the command may read: no output is ever written over it."""
    from revmentor import files

    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg in OUTPUT_OPTIONS:
            skip_next = True
            continue
        if arg.startswith("--output="):
            continue
        value = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
        if value and os.path.isfile(value):
            files.protect(value)
    _protect_database(args)


def _protect_database(args: list[str]) -> None:
    """The database is known before the command runs: refuse it as an output
    before any other check."""
    from revmentor import files
    from revmentor.errors import StoreError
    from revmentor.store.connection import resolve_db_path

    chosen = None
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--db="):
            chosen = arg.split("=", 1)[1]
    with contextlib.suppress(StoreError):  # an empty --db: the command says so
        files.protect(resolve_db_path(chosen), database=True)


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
    from revmentor.domain.text import printable

    print(f"Error: {printable(as_sentence(message))}", file=sys.stderr)
    raise typer.Exit(code)


def as_sentence(message: str) -> str:
    """Capital first letter and a full stop, unless the text starts with a value
    (an email, a path, a file's name) or spans several lines (a list of problems)."""
    first_word = message.split(" ", 1)[0]
    if (
        message[:1].islower()
        and not any(c in first_word for c in "@/.'\"-_0123456789")
        and not os.path.lexists(first_word.rstrip(",:;"))
    ):
        message = message[0].upper() + message[1:]
    if "\n" not in message and not message.endswith((".", "!", "?")):
        message += "."
    return message


def _show_version(value: bool) -> None:
    if value:
        print(f"revmentor {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
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
    ctx.obj = {"db": db}


# Commands in the order a coordinator meets them (Typer lists groups last):
# name -> (module in revmentor.commands, its attribute, whether it is a group).
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "init": ("init", "init_command", False),
    "program": ("program", "program_command", False),
    "enroll": ("enroll", "enroll_command", False),
    "people": ("people", "app", True),
    "import": ("import_roster", "import_command", False),
    "org": ("org", "app", True),
    "pair": ("pair", "pair_command", False),
    "pairs": ("pairs", "app", True),
    "rules": ("rules", "app", True),
    "intro": ("intro", "intro_command", False),
    "calendar": ("calendar", "calendar_command", False),
    "log": ("log", "log_command", False),
    "sessions": ("sessions", "app", True),
    "goals": ("goals", "app", True),
    "checkin": ("checkin", "checkin_command", False),
    "checkins": ("checkin", "checkins_command", False),
    "forms": ("forms", "forms_command", False),
    "report": ("report", "report_command", False),
    "remind": ("remind", "remind_command", False),
    "messages": ("messages", "messages_command", False),
    "export": ("backup", "export_command", False),
    "restore": ("backup", "restore_command", False),
}


def new_app(only: str | None = None) -> typer.Typer:
    """The program with every command, or with ``only`` that one: running one
    command need not import and inspect the twenty others."""
    import importlib

    application = typer.Typer(
        cls=RevmentorGroup,
        help=(
            "Run a reverse-mentoring program: enroll people, pair juniors (mentors) "
            "with senior leaders (mentees), log sessions and see who is on track.\n\n"
            "Example: revmentor pair examples/roster.yaml && revmentor report"
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(root)
    for name, (module, attribute, is_group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        command = getattr(
            importlib.import_module(f"revmentor.commands.{module}"), attribute
        )
        if is_group:
            application.add_typer(command, name=name)
        else:
            application.command(name)(command)
    return application


def invoked_command(args: list[str]) -> str | None:
    """The command ``args`` run, when it is one of COMMANDS; None for the
    program's own help, its version, or a name that is no command."""
    args = hoist_global_options(list(args))
    i = 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            i += 2 if GLOBAL_OPTIONS[name] and "=" not in arg else 1
            continue
        return arg if arg in COMMANDS else None
    return None


def __getattr__(name: str):
    # ``app``, the whole program, is built on first use (tests, documentation):
    # ``main`` builds only the command it runs.
    if name == "app":
        built = new_app()
        globals()["app"] = built
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # numpy asks the kernel for huge pages on big arrays; where the kernel then
    # compacts memory on the first touch (transparent huge pages on "madvise",
    # common on Linux), filling a pairing's score matrix costs about four times
    # as long. Set NUMPY_MADVISE_HUGEPAGE=1 to get numpy's default back.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    new_app(only=invoked_command(sys.argv[1:]))(prog_name="revmentor")
