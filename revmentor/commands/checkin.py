"""`revmentor checkin` (record how confident someone is, per topic and phase)
and `revmentor checkins` (list them): the program's measurable outcomes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk, table_options
from revmentor.commands.common import (
    DateOption,
    FormatOption,
    NoInputOption,
    OutputOption,
    open_for_reading,
)
from revmentor.domain import validation
from revmentor.domain.checkins import (
    MENTOR_CHECKIN_TOPICS,
    CheckinEntry,
    checkin_questions,
    earlier_score,
    new_checkin,
    next_phase,
    parse_checkin_topic,
    parse_phase,
    parse_score,
    question_for,
)
from revmentor.domain.models import LEFT, PHASES, Participant
from revmentor.domain.sessions import canonical_topics
from revmentor.domain.text import plural
from revmentor.errors import Conflict, InvalidInput, NotFound, UsageProblem
from revmentor.render.formats import Format
from revmentor.render.sessions import notice

PHASE_HELP = {
    "baseline": "baseline: before the pairs start",
    "midpoint": "midpoint: halfway through the program",
    "final": "final: at the end of the program",
}


def checkin_command(
    ctx: typer.Context,
    email: Annotated[
        str | None,
        typer.Argument(
            metavar="EMAIL",
            help="Whose check-in this is, e.g. dana.lee@example.com "
            "(asked when not given, in a terminal).",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help='The topic the score is about, e.g. --topic "TikTok" '
            '(for mentors: "Coaching a senior leader" or '
            '"Speaking with senior leaders").',
        ),
    ] = None,
    score: Annotated[
        str | None,
        typer.Option(
            "--score",
            metavar="1-5",
            help="How confident they are with the topic, 1 (not at all) to 5 "
            "(fully), e.g. --score 2.",
        ),
    ] = None,
    phase: Annotated[
        str | None,
        typer.Option(
            "--phase",
            metavar="baseline|midpoint|final",
            help="When in the program this is, e.g. --phase baseline.",
        ),
    ] = None,
    day: DateOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite an earlier score for the same topic and phase, "
            "e.g. to correct a typo.",
        ),
    ] = False,
    no_input: NoInputOption = False,
    from_file: common_bulk.FromFile = None,
    sheet: table_options.Sheet = None,
    columns: table_options.ColumnMap = None,
    date_format: table_options.DateFormat = None,
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
    options = common_bulk.file_options(
        from_file,
        sheet,
        columns,
        date_format,
        skip_invalid,
        dry_run,
        other_flags={
            "EMAIL": email,
            "--topic": topic,
            "--score": score,
            "--phase": phase,
            "--date": day,
            "--replace": replace,
        },
    )
    if options is not None:
        return common_bulk.checkin_from_file(ctx, options)
    interactive = not no_input and common.stdin_is_interactive()
    if topic is not None and score is not None and email and phase:
        interactive = False  # every answer is given: nothing to ask
    _check_flags(email, topic, score, phase, day, interactive)
    store = open_for_reading(ctx)
    ask = None
    if interactive:
        from revmentor.prompts import get_prompter

        ask = get_prompter()
    person = _find_person(store.db, email) if email else _ask_person(ask, store.db)
    # A date that cannot be right is refused before any question is asked.
    _entry({"topic": "-", "phase": PHASES[0], "score": 1, "date": day}, person, [])
    known = _known_topics(store.db, person)
    earlier = _earlier_checkins(store.db, person)
    values = {"topic": topic, "phase": phase, "score": score, "date": day}
    if ask is not None:
        from revmentor.store.program import load_program

        statements = load_program(store.db).statements
        entries = _ask_entries(ask, person, earlier, values, known, statements)
        replacing = True  # the summary showed which earlier scores are replaced
    else:
        entries = [_entry(values, person, known)]
        replacing = replace
        _refuse_overwrite(person, earlier, entries[0], replace)
    with store.write():
        _save(store.db, person, entries, replacing)
    scores = ", ".join(f"{e.topic} {e.score}" for e in entries)
    notice(
        f"Recorded the {entries[0].phase} check-in of {person.name} "
        f"<{person.email}>: {scores}."
    )


# ---------------------------------------------------------------- steps


def _check_flags(email, topic, score, phase, day, interactive: bool) -> None:
    """Refuse a bad call before anything is opened."""
    if score is not None and topic is None:
        raise UsageProblem("--score needs --topic: say which topic the score is about.")
    if not interactive:
        missing = [
            flag
            for flag, value in (
                ("EMAIL", email),
                ("--topic", topic),
                ("--score", score),
                ("--phase", phase),
            )
            if not value
        ]
        if missing:
            raise UsageProblem(
                f"Missing {', '.join(missing)}: give every answer on the command "
                "line when not running in a terminal."
            )
    try:
        if phase is not None:
            parse_phase(phase)
        if score is not None:
            parse_score(score)
        if topic is not None:
            parse_checkin_topic(topic)
        if day is not None:
            validation.parse_date(day, "the date")
    except InvalidInput as error:
        raise InvalidInput(f"Cannot record the check-in: {error}.") from None


def _find_person(db, email: str) -> Participant:
    from revmentor.store.participants import find_participant

    return find_participant(db, email)


def _known_topics(db, person: Participant) -> list[str]:
    """Spellings a typed topic is matched against, the person's own first."""
    from revmentor.store.checkins import known_topics
    from revmentor.store.program import load_program

    return [
        *person.learns,
        *person.teaches,
        *(t for t, _ in MENTOR_CHECKIN_TOPICS),
        *load_program(db).topics,
        *load_program(db).statements,
        *known_topics(db),
    ]


def _earlier_checkins(db, person: Participant):
    from revmentor.store.checkins import list_checkins

    return list_checkins(db, email=person.email)


def _entry(values: dict, person: Participant, known) -> CheckinEntry:
    """One check-in through the one rule set; the error names the person."""
    try:
        return new_checkin(
            values,
            today=date.today(),
            left_on=person.left_on if person.status == LEFT else None,
            known_topics=known,
        )
    except InvalidInput as error:
        raise InvalidInput(
            f"Cannot record the check-in for {person.email}: {error}."
        ) from None


def _refuse_overwrite(person, earlier, entry: CheckinEntry, replace: bool) -> None:
    clash = earlier_score(earlier, entry.topic, entry.phase)
    if clash is not None and not replace:
        raise Conflict(
            f"{person.email} already has a {entry.phase} score for "
            f"{clash.topic} ({clash.score}, on {clash.date}); add --replace "
            "to overwrite it."
        )


def _save(db, person: Participant, entries: list[CheckinEntry], replacing: bool):
    from revmentor.store.checkins import save_checkins

    save_checkins(db, person.email, entries, replace=replacing)


# ---------------------------------------------------------------- the questions


def _ask_person(ask, db) -> Participant:
    from revmentor.prompts import match_label, validator
    from revmentor.store.participants import list_participants

    people = list_participants(db)
    if not people:
        raise NotFound("Nobody is enrolled yet; add people with `revmentor enroll`.")
    by_label = {f"{p.name} <{p.email}> ({p.role})": p for p in people}
    labels = list(by_label)
    answer = ask.autocomplete(
        "Whose check-in is this? (type part of a name or email, Tab lists them)",
        labels,
        validate=validator(lambda text: match_label(text, labels, "person")),
    )
    label = match_label(answer, labels, "person")
    if answer.strip() != label:
        notice(f"  Person: {label}")
    return by_label[label]


def _ask_entries(
    ask, person, earlier, values: dict, known, statements
) -> list[CheckinEntry]:
    """Ask the phase and the scores, show them, and confirm; exits when nothing
    is to be saved."""
    from revmentor.render.sessions import checkin_summary

    phase = values["phase"]
    if phase is None:
        done = {c.phase for c in earlier}
        phase = ask.select(
            "Which check-in is this?",
            [(p, PHASE_HELP[p] + (" (done)" if p in done else "")) for p in PHASES],
            default=next_phase(done),
        )
    scores = _ask_scores(ask, person, earlier, phase, values, known, statements)
    if not scores:
        notice("No scores given; nothing saved.")
        raise typer.Exit(0)
    entries = [
        _entry(
            {**values, "topic": topic, "phase": phase, "score": score}, person, known
        )
        for topic, score in scores
    ]
    rows = []
    for entry in entries:
        clash = earlier_score(earlier, entry.topic, entry.phase)
        rows.append(
            (
                entry.topic,
                entry.score,
                f"{clash.score} from {clash.date}" if clash else "",
            )
        )
    checkin_summary(person.name, phase, entries[0].date, rows)
    count = len(entries)
    if not ask.confirm(f"Save {plural(count, 'score')}?", default=True):
        notice("Nothing saved.")
        raise typer.Exit(0)
    return entries


def _questions(
    ask, person, topic: str | None, known, statements
) -> list[tuple[str, str]]:
    """(topic, question) for each score to ask."""
    if topic is not None:
        clean = parse_checkin_topic(topic, known)
        return [(clean, question_for(person, clean, statements))]
    questions = checkin_questions(person, statements)
    if questions:
        return questions
    extra = ask.text(
        f"{person.name} has no topics to learn on record; which topics "
        "should this check-in cover (comma-separated)?",
        instruction="(optional)",
    )
    return [
        (t, f"How confident are you with {t} today?")
        for t in canonical_topics(validation.parse_topics(extra), known)
    ]


def _ask_scores(ask, person, earlier, phase, values: dict, known, statements):
    """(topic, score) for each question answered; blanks are skipped."""
    from revmentor.prompts import validator

    if values["topic"] is not None and values["score"] is not None:
        return [(parse_checkin_topic(values["topic"], known), values["score"])]
    questions = _questions(ask, person, values["topic"], known, statements)
    scale = "1 = not at all confident, 5 = fully"
    if statements:
        scale += "; for a statement, 1 = disagree strongly, 5 = agree strongly"
    notice(f"Check-in for {person.name}: {scale}.")

    def optional_score(text: str):
        return parse_score(text) if text.strip() else None

    scores = []
    for question_topic, question in questions:
        key = validation.topic_key(question_topic)
        hint = "; ".join(
            f"{c.phase} {c.score}"
            for c in earlier
            if validation.topic_key(c.topic) == key
        )
        answer = ask.text(
            f"{question} 1-5",
            validate=validator(optional_score),
            instruction=f"(blank to skip{'; earlier: ' + hint if hint else ''})",
        )
        value = optional_score(answer)
        if value is not None:
            scores.append((question_topic, value))
    return scores


def checkins_command(
    ctx: typer.Context,
    email: Annotated[
        str | None,
        typer.Option(
            "--email",
            metavar="EMAIL",
            help="Only this person's check-ins, e.g. --email dana.lee@example.com.",
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help='Only this topic, e.g. --topic "TikTok".'),
    ] = None,
    phase: Annotated[
        str | None,
        typer.Option(
            "--phase",
            metavar="baseline|midpoint|final",
            help="Only this phase, e.g. --phase final.",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """List check-in scores (who, topic, phase, score, date).

    Example: revmentor checkins --phase baseline --format csv --output baseline.csv
    """
    if phase is not None:
        try:
            phase = parse_phase(phase)
        except InvalidInput as error:
            raise InvalidInput(f"Cannot list check-ins: {error}.") from None
    from revmentor.render.console import emit_listing
    from revmentor.store.checkins import list_checkins

    store = open_for_reading(ctx)
    address = _find_person(store.db, email).email if email is not None else None
    found = list_checkins(
        store.db,
        email=address,
        topic=" ".join(topic.split()) if topic else None,
        phase=phase,
    )
    records = [
        {
            "id": c.id,
            "email": c.email,
            "name": c.name,
            "role": c.role,
            "topic": c.topic,
            "phase": c.phase,
            "score": c.score,
            "date": c.date.isoformat(),
        }
        for c in found
    ]
    emit_listing(
        rows=records,
        json_data=records,
        columns=["id", "name", "email", "role", "topic", "phase", "score", "date"],
        headers=["ID", "Name", "Email", "Role", "Topic", "Phase", "Score", "Date"],
        fmt=fmt,
        output=output,
        title=f"Check-ins ({len(records)})",
        empty="No check-ins match; record one with `revmentor checkin EMAIL`.",
    )
