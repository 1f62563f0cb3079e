"""`revmentor init`: create the program, or change its settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands.common import (
    NoInputOption,
    open_for_writing,
    say,
)
from revmentor.domain import validation
from revmentor.domain.mail_settings import parse_mail_setting
from revmentor.errors import InvalidInput
from revmentor.render.console import escape_markup as _markup


def _split(text: str | None, separator: str) -> list[str]:
    if not text:
        return []
    return [" ".join(part.split()) for part in text.split(separator) if part.strip()]


def _whole(value: str, what: str) -> int:
    return validation.parse_whole_number(value, what, minimum=1)


def init_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Program name.")] = None,
    objectives: Annotated[
        str | None, typer.Option(help="Objectives, separated by ';'.")
    ] = None,
    rules: Annotated[
        str | None, typer.Option(help="Rules of conduct, separated by ';'.")
    ] = None,
    topics: Annotated[
        str | None, typer.Option(help="Topic catalogue, comma-separated.")
    ] = None,
    cadence_days: Annotated[
        int | None, typer.Option(min=1, help="Days between sessions (default 14).")
    ] = None,
    session_minutes: Annotated[
        int | None, typer.Option(min=1, help="Usual session length (default 45).")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Start date, YYYY-MM-DD (default today).")
    ] = None,
    length_weeks: Annotated[
        int | None, typer.Option(min=1, help="Program length in weeks (default 26).")
    ] = None,
    session_form_url: Annotated[
        str | None,
        typer.Option(
            help="Link to the form where pairs record a session (put into "
            "reminders), e.g. --session-form-url https://forms.example.com/s."
        ),
    ] = None,
    checkin_form_url: Annotated[
        str | None,
        typer.Option(help="Link to the check-in form (put into check-in reminders)."),
    ] = None,
    coordinator_email: Annotated[
        str | None,
        typer.Option(help="The coordinator's address, copied with --cc-coordinator."),
    ] = None,
    mail_from: Annotated[
        str | None,
        typer.Option(help="The address messages come from (REVMENTOR_MAIL_FROM wins)."),
    ] = None,
    smtp_host: Annotated[
        str | None,
        typer.Option(help="Mail server for --send (REVMENTOR_SMTP_HOST wins)."),
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Mail server port (default by security)."),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            help="Mail server login; the password is only ever read from "
            "REVMENTOR_SMTP_PASSWORD."
        ),
    ] = None,
    smtp_security: Annotated[
        str | None,
        typer.Option(help="starttls (default), ssl or none."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            exists=True,
            dir_okay=False,
            help="Read the settings from a YAML file (the roster's `program:` block).",
        ),
    ] = None,
    no_input: NoInputOption = False,
) -> None:
    """Create the program, or change its settings.

    Asks for each setting when run in a terminal without flags.

    Examples:

      revmentor init

      revmentor init --from examples/program.yaml

      revmentor init --name "Tech Forward" --topics "TikTok, AI assistants" --no-input

      revmentor init --session-form-url https://forms.example.com/s --smtp-host smtp.example.com --mail-from coordinator@example.com
    """
    changes: dict[str, object] = {}
    if from_file is not None:
        from revmentor.domain.roster import parse_program

        try:
            text = from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"Cannot read {from_file}: {error}.") from None
        changes.update(parse_program(text, str(from_file)))

    flag_values = {
        "name": name,
        "objectives": objectives,
        "rules": rules,
        "topics": topics,
        "cadence_days": cadence_days,
        "session_minutes": session_minutes,
        "start": start,
        "length_weeks": length_weeks,
    }
    if name is not None:
        changes["name"] = validation.parse_name(name)
    if objectives is not None:
        changes["objectives"] = _split(objectives, ";")
    if rules is not None:
        changes["rules"] = _split(rules, ";")
    if topics is not None:
        changes["topics"] = validation.parse_topics(topics)
    for key in ("cadence_days", "session_minutes", "length_weeks"):
        if flag_values[key] is not None:
            changes[key] = flag_values[key]
    if start is not None:
        changes["start"] = validation.parse_date(start, "start")
    mail_flags = {
        "session_form_url": session_form_url,
        "checkin_form_url": checkin_form_url,
        "coordinator_email": coordinator_email,
        "mail_from": mail_from,
        "smtp_host": smtp_host,
        "smtp_port": smtp_port,
        "smtp_user": smtp_user,
        "smtp_security": smtp_security,
    }
    for key, value in mail_flags.items():
        if value is not None:
            # An empty value clears the setting: --session-form-url "".
            changes[key] = parse_mail_setting(f"--{key.replace('_', '-')}", key, value)
    flag_values.update(mail_flags)

    interactive = (
        not no_input
        and from_file is None
        and all(v is None for v in flag_values.values())
        and common.stdin_is_interactive()
    )
    store = open_for_writing(ctx)
    from revmentor.store.program import load_program, update_program

    current = load_program(store.db)
    if interactive:
        changes = _ask_program(current)
    if "start" not in changes and current.start is None:
        changes["start"] = date.today()
    with store.write():
        update_program(store.db, changes)
    program = load_program(store.db)
    say(
        f"Program [bold]{_markup(program.name)}[/bold] is set up in {store.path}: "
        f"sessions every {program.cadence_days} days for {program.length_weeks} weeks "
        f"from {program.start}."
    )


def _ask_program(current) -> dict[str, object]:
    from revmentor.prompts import get_prompter, validator

    ask = get_prompter()
    answers: dict[str, object] = {}
    answers["name"] = validation.parse_name(
        ask.text(
            "Program name:",
            default=current.name,
            validate=validator(validation.parse_name),
        )
    )
    answers["objectives"] = _ask_list(
        ask, "Objectives (separate with ;):", current.objectives, []
    )
    answers["rules"] = _ask_list(
        ask,
        "Rules of conduct (separate with ;):",
        current.rules,
        [
            "What is said in a session stays in the session",
            "Both sides come prepared",
            "Either side can end the pairing",
        ],
    )
    topics_default = ", ".join(current.topics)
    topics_answer = ask.text(
        "Topic catalogue (comma-separated):", default=topics_default
    )
    answers["topics"] = (
        list(current.topics)
        if topics_answer.strip() == topics_default.strip()
        else validation.parse_topics(topics_answer)
    )
    for key, label, value in (
        ("cadence_days", "Days between sessions:", current.cadence_days),
        ("session_minutes", "Minutes per session:", current.session_minutes),
        ("length_weeks", "Program length in weeks:", current.length_weeks),
    ):
        answers[key] = _whole(
            ask.text(
                label,
                default=str(value),
                validate=validator(lambda v, label=label: _whole(v, label.rstrip(":"))),
            ),
            label.rstrip(":"),
        )
    answers["start"] = validation.parse_date(
        ask.text(
            "Start date (YYYY-MM-DD):",
            default=(current.start or date.today()).isoformat(),
            validate=validator(validation.parse_date),
        )
    )
    return answers


def _ask_list(ask, question: str, current: list[str], suggested: list[str]):
    """Ask for a ;-separated list. Keeping the offered text keeps the list as it
    was, even when an item itself contains a ';' (as roster files allow)."""
    offered = current or suggested
    default = "; ".join(offered)
    answer = ask.text(question, default=default)
    return list(offered) if answer.strip() == default.strip() else _split(answer, ";")
