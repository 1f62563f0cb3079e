"""The Typer application: wires the command modules and turns errors into exits.

This is the one place where a ``RevmentorError`` becomes a sentence on stderr
and an exit code; commands just raise.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from revmentor import __version__
from revmentor.errors import RevmentorError


class RevmentorGroup(TyperGroup):
    """Root group whose ``invoke`` is the single error edge of the program."""

    def invoke(self, ctx):
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
            finish_created(succeeded=succeeded)

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
        except OSError as error:
            if error.errno == 32:  # broken pipe: the reader went away, e.g. `| head`
                raise
            _fail(f"{error.strerror or error}: {error.filename or ''}".strip(": "), 1)
        except (
            typer.TyperException,
            typer.Exit,
            typer.Abort,
            KeyboardInterrupt,
            EOFError,
        ):
            raise  # usage errors (exit 2), exits and Ctrl-C are Typer's to report
        except Exception as error:  # the promise is: no traceback reaches a user
            if os.environ.get("REVMENTOR_DEBUG"):
                raise
            _fail(
                f"Unexpected error ({type(error).__name__}: {error}); "
                "run again with REVMENTOR_DEBUG=1 to see the details.",
                1,
            )


def _fail(message: str, code: int):
    print(f"Error: {as_sentence(message)}", file=sys.stderr)
    raise typer.Exit(code)


def as_sentence(message: str) -> str:
    """Capital first letter and a full stop, unless the text starts with a value
    (an email, a path) or spans several lines (a list of problems)."""
    first_word = message.split(" ", 1)[0]
    if message[:1].islower() and not any(c in first_word for c in "@/.'\"-"):
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
