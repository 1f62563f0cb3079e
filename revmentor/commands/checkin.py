"""`revmentor checkin` (record how confident someone is, per topic and phase)
and `revmentor checkins` (list them): the program's measurable outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.domain.models import Phase
from revmentor.domain.text import plural
from revmentor.errors import UsageProblem
from revmentor.prompts import validator
from revmentor.render.console import emit_listing, say
from revmentor.render.sessions import checkin_summary

if TYPE_CHECKING:  # the library loads pydantic, which `revmentor --help` need not
    from revmentor.library.sessions import CheckinContext

PhaseOption = Annotated[
    Phase | None,
    typer.Option(
        case_sensitive=False,
        help="The phase: baseline, midpoint or final, e.g. --phase baseline.",
    ),
]


def checkin_command(
    ctx: typer.Context,
    email: Annotated[
        str | None,
        typer.Argument(
            metavar="EMAIL",
            help="Whose check-in this is, e.g. dana.lee@example.com "
            "(asked when not given, in a terminal).",
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            help='The topic the score is about, e.g. --topic "TikTok" '
            '(for mentors: "Coaching a senior leader" or '
            '"Speaking with senior leaders").'
        ),
    ] = None,
    score: Annotated[
        str | None,
        typer.Option(
            metavar="1-5",
            help="How confident they are with the topic, 1 (not at all) to 5 "
            "(fully), e.g. --score 2.",
        ),
    ] = None,
    phase: PhaseOption = None,
    day: common_bulk.DayOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite an earlier score for the same topic and phase, "
            "e.g. to correct a typo.",
        ),
    ] = False,
    no_input: common.NoInputOption = False,
    from_file: common_bulk.FromFile = None,
    sheet: Annotated[str | None, common.sheet_option("Check-ins")] = None,
    columns: common.ColumnMap = None,
    date_format: common.DateFormat = None,
    skip_invalid: common_bulk.SkipInvalid = False,
    dry_run: common_bulk.DryRun = False,
) -> None:
    """Record how confident a participant is, per topic, at a phase of the program.

    In a terminal it asks the questions for that person: a mentee is asked about
    each topic they want to learn, a mentor about coaching and about speaking
    with senior leaders. With --topic and --score (or --no-input, or when stdin
    is not a terminal) it records one score from the flags. A check-in scores
    one topic: give each topic its own --topic and --score.

    Examples:

    \b
      revmentor checkin dana.lee@example.com
      revmentor checkin dana.lee@example.com --topic TikTok --score 2 \\
        --phase baseline
      revmentor checkin --from checkins.xlsx --skip-invalid
    """
    answers = {"EMAIL": email, "--topic": topic, "--score": score, "--phase": phase}
    if bulk := common_bulk.file_options(ctx, locals()):
        table, options = bulk.read()
        rows = common.open_for_reading(ctx).record_checkins_from(table, **options)
        return common_bulk.say_done(rows, bulk, "check-in", "recorded")
    if score is not None and topic is None:
        raise UsageProblem("--score needs --topic: say which topic the score is about.")
    missing = [flag for flag, value in answers.items() if not value]
    how = "give every answer on the command line"
    ask = common.prompter(no_input or not missing, missing, how)
    program = common.open_for_reading(ctx)
    person = email or common_bulk.pick(
        ask,
        "Whose check-in is this? (type part of a name or email, Tab lists them)",
        {f"{p.name} <{p.email}> ({p.role})": p for p in program.people_to_check_in()},
        "person",
    )
    context = program.checkin_context(person)
    values = {"topic": topic, "phase": phase, "score": score, "date": day}
    # A flag that cannot be right is refused before the scores are asked.
    given = {key: value for key, value in values.items() if value is not None}
    context.entry({"topic": "-", "phase": Phase.baseline, "score": 1} | given)
    scores = [values]
    if ask is not None:
        scores = _ask_entries(ask, context, values)
        replace = True  # the summary showed which earlier scores are replaced
    entries = program.record_checkins(context.person, scores, replace=replace)
    person = context.person
    say(
        f"Recorded the {entries[0].phase} check-in of {person.name} "
        f"<{person.email}>: {', '.join(f'{e.topic} {e.score}' for e in entries)}."
    )


# ---------------------------------------------------------------- the questions


def _ask_entries(ask, context: CheckinContext, values: dict) -> list[dict]:
    """Ask the phase and the scores, show them, and confirm; exits when nothing
    is to be saved."""
    phase = values["phase"]
    if phase is None:
        done = {c.phase for c in context.earlier}
        phase = ask.select(
            "Which check-in is this?",
            [(p, p + (" (done)" if p in done else "")) for p in Phase],
            default=next((p for p in Phase if p not in done), Phase.final),
        )
    scores = [(values["topic"], values["score"])]  # --score comes with --topic
    if values["score"] is None:
        scores = _ask_scores(ask, context, values["topic"])
    if not scores:
        say("No scores given; nothing saved.")
        raise typer.Exit(0)
    answers = [{**values, "topic": t, "phase": phase, "score": s} for t, s in scores]
    entries = [context.entry(answer) for answer in answers]
    clashes = [context.earlier_score(entry) for entry in entries]
    rows = [
        (e.topic, e.score, f"{c.score} from {c.date}" if c else "")
        for e, c in zip(entries, clashes, strict=True)
    ]
    checkin_summary(context.person.name, phase, entries[0].date, rows)
    common.confirm_or_stop(ask, f"Save {plural(len(entries), 'score')}?")
    return answers


def _ask_scores(ask, context: CheckinContext, topic: str | None):
    """(topic, score) for each question answered; blanks are skipped."""
    from revmentor.domain.sessions.checkins import parse_score

    scale = "1 = not at all confident, 5 = fully"
    if context.statements:
        scale += "; for a statement, 1 = disagree strongly, 5 = agree strongly"
    say(f"Check-in for {context.person.name}: {scale}.")
    # Blank skips a question; anything else must be a score (checked again
    # with the rest of the check-in).
    check = validator(lambda text: not text.strip() or parse_score(text))
    questions = context.questions(topic)
    if not questions:  # a mentee with no topics, in a program without statements
        raise UsageProblem(
            f"{context.person.name} has no topics on record to score; name one "
            "with --topic, e.g. --topic TikTok."
        )
    blank = "(blank to skip)"
    answers = [
        (asked, ask.text(f"{question} 1-5", validate=check, instruction=blank))
        for asked, question in questions
    ]
    return [(asked, answer) for asked, answer in answers if answer.strip()]


def checkins_command(
    ctx: typer.Context,
    person: common.PersonOption = None,
    email: Annotated[
        str | None, typer.Option(hidden=True, help="The old name of --person.")
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help='Only this topic, e.g. --topic "TikTok".')
    ] = None,
    phase: PhaseOption = None,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("checkins.csv")] = None,
) -> None:
    """List check-in scores (who, topic, phase, score, date).

    Example: revmentor checkins --phase baseline --format csv --output baseline.csv
    """
    program = common.open_for_reading(ctx)
    found = program.checkins(email=person or email, topic=topic, phase=phase)
    columns = ["id", "name", "email", "role", "topic", "phase", "score", "date"]
    keys = ["id", "email", "name", "role", "topic", "phase", "score", "date"]
    records = [{key: getattr(c, key) for key in keys} for c in found]
    emit_listing(
        rows=records,
        columns=columns,
        fmt=fmt,
        output=output,
        title=f"Check-ins ({len(records)})",
        empty="No check-ins match; record one with `revmentor checkin EMAIL`.",
    )
