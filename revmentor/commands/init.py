"""`revmentor init`: create the program, or change its settings."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.domain.messages import mail_settings
from revmentor.domain.models import Security
from revmentor.inputs import read_text
from revmentor.prompts import validator
from revmentor.render.console import say

SUGGESTED_RULES = [
    "What is said in a session stays in the session",
    "Both sides come prepared",
    "Either side can end the pairing",
]


def init_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Program name.")] = None,
    objectives: common.Objectives = None,
    rules: common.Rules = None,
    topics: Annotated[
        str | None, typer.Option(help="Topic catalogue, comma-separated.")
    ] = None,
    cadence_days: Annotated[
        int | None,
        common.whole_option(
            "--cadence-days", "Days between sessions, 1 to 365 (default 14)."
        ),
    ] = None,
    session_minutes: Annotated[
        int | None,
        common.whole_option(
            "--session-minutes", "Minutes per session, 1 to 1440 (default 45)."
        ),
    ] = None,
    start: Annotated[
        date | None,
        common.day_option(
            "--start", "Start date (default today), e.g. --start 2027-01-11."
        ),
    ] = None,
    length_weeks: Annotated[
        int | None,
        common.whole_option(
            "--length-weeks", "Program length in weeks, 1 to 520 (default 26)."
        ),
    ] = None,
    session_form_url: common.SessionFormUrl = None,
    checkin_form_url: common.CheckinFormUrl = None,
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
        Security | None,
        typer.Option(case_sensitive=False, help="starttls (default), ssl or none."),
    ] = None,
    from_file: Annotated[
        Path | None,
        common_bulk.from_option(
            "Read the settings from a YAML file (the roster's `program:` block)."
        ),
    ] = None,
    no_input: common.NoInputOption = False,
) -> None:
    """Create the program, or change its settings.

    Asks for each setting when run in a terminal without flags.

    Examples:

      revmentor init

      revmentor init --from examples/program.yaml

      revmentor init --name "Tech Forward" --topics "TikTok, AI assistants" --no-input

      revmentor init --session-form-url https://forms.example.com/s --smtp-host smtp.example.com --mail-from coordinator@example.com
    """
    flags = dict(locals())
    del flags["ctx"], flags["from_file"], flags["no_input"]
    # Every setting is checked by ``set_up``; a bad mail flag is refused here
    # first, so that the sentence names the flag.
    for key in mail_settings.MAIL_SETTING_KEYS:
        mail_settings.parse_mail_setting(f"--{key.replace('_', '-')}", key, flags[key])
    changes = {key: value for key, value in flags.items() if value is not None}
    if from_file is not None:  # the flags win over the file
        from revmentor.domain.people.roster import parse_program  # pydantic: lazy

        text = read_text(from_file, "program")
        changes = parse_program(text, str(from_file)) | changes
    ask = common.prompter(no_input or from_file is not None or bool(changes))
    program = common.open_for_writing(ctx)
    if ask:
        changes = _ask_program(ask, program.settings)
    with common.refusing("Cannot set up the program"):
        settings = program.set_up(changes)
    say(
        f"Program {settings.name} is set up in {program.path}: "
        f"sessions every {settings.cadence_days} days for {settings.length_weeks} "
        f"weeks from {settings.start}."
    )


def _ask_program(ask, current) -> dict[str, object]:
    """What a coordinator must decide (name, topics, cadence, length, level
    gap), then the rest if they want to. A list offered and kept stays as it
    was, even when an item itself contains a ';' (as roster files allow)."""
    from revmentor.domain.program import clean_setting  # pydantic: lazy

    answers: dict[str, object] = {}

    def text(key: str, question: str, value: object) -> None:
        check = validator(partial(clean_setting, key))
        answers[key] = ask.text(question, default=str(value), validate=check)

    def lines(key: str, question: str, offered: list[str]) -> None:
        default = (", " if key == "topics" else "; ").join(offered)
        answer = ask.text(question, default=default)
        kept = answer.strip() == default.strip()
        answers[key] = list(offered) if kept else answer

    text("name", "Program name:", current.name)
    lines("topics", "Topic catalogue (comma-separated):", current.topics)
    text("cadence_days", "Days between sessions:", current.cadence_days)
    text("length_weeks", "Program length in weeks:", current.length_weeks)
    gap = ask.text(
        "How many levels more senior than their mentor must a mentee be?",
        default=str(current.matching.min_level_gap),
        validate=validator(lambda v: clean_setting("matching", {"min_level_gap": v})),
    )
    answers["matching"] = {"min_level_gap": gap}
    rest = "Also set objectives, rules of conduct, session length and start now?"
    if ask.confirm(rest, default=False):
        lines("objectives", "Objectives (separate with ;):", current.objectives)
        rules = current.rules or SUGGESTED_RULES
        lines("rules", "Rules of conduct (separate with ;):", rules)
        text("session_minutes", "Minutes per session:", current.session_minutes)
        text("start", "Start date (YYYY-MM-DD):", current.start or date.today())
    return answers
