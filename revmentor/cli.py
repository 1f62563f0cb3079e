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


app = typer.Typer(
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


def _show_version(value: bool) -> None:
    if value:
        print(f"revmentor {__version__}")
        raise typer.Exit()


@app.callback()
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


def _register() -> None:
    """Commands in the order a coordinator meets them (Typer lists groups last)."""
    from revmentor.commands import (
        backup,
        calendar,
        checkin,
        enroll,
        forms,
        goals,
        import_roster,
        init,
        intro,
        log,
        messages,
        org,
        pair,
        pairs,
        people,
        program,
        remind,
        report,
        rules,
        sessions,
    )

    app.command("init")(init.init_command)
    app.command("program")(program.program_command)
    app.command("enroll")(enroll.enroll_command)
    app.add_typer(people.app, name="people")
    app.command("import")(import_roster.import_command)
    app.add_typer(org.app, name="org")
    app.command("pair")(pair.pair_command)
    app.add_typer(pairs.app, name="pairs")
    app.add_typer(rules.app, name="rules")
    app.command("intro")(intro.intro_command)
    app.command("calendar")(calendar.calendar_command)
    app.command("log")(log.log_command)
    app.add_typer(sessions.app, name="sessions")
    app.add_typer(goals.app, name="goals")
    app.command("checkin")(checkin.checkin_command)
    app.command("checkins")(checkin.checkins_command)
    app.command("forms")(forms.forms_command)
    app.command("report")(report.report_command)
    app.command("remind")(remind.remind_command)
    app.command("messages")(messages.messages_command)
    app.command("export")(backup.export_command)
    app.command("restore")(backup.restore_command)


_register()


def main() -> None:
    app(prog_name="revmentor")
