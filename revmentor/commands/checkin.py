"""`revmentor checkin` (record how confident someone is, per topic and phase)
and `revmentor checkins` (list them): the program's measurable outcomes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands.common import (
    FormatOption,
    OutputOption,
    open_for_reading,
    say,
)
from revmentor.domain import validation
from revmentor.domain.models import LEFT, MENTOR, PHASES, Participant
from revmentor.domain.sessions import (
    MENTOR_CHECKIN_TOPICS,
    canonical_topics,
    check_checkin_date,
    checkin_questions,
    next_phase,
    parse_phase,
    parse_score,
)
from revmentor.errors import Conflict, InvalidInput, NotFound, UsageProblem
from revmentor.render.console import ListFormat

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
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Day of the check-in (default today), e.g. --date 2027-01-11.",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite an earlier score for the same topic and phase, "
            "e.g. to correct a typo.",
        ),
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never prompt: take every answer from the flags, e.g. in a script.",
        ),
    ] = False,
) -> None:
    """Record how confident a participant is, per topic, at a phase of the program.

    In a terminal it asks the questions for that person: a mentee is asked about
    each topic they want to learn, a mentor about coaching and about speaking
    with senior leaders. With --topic and --score (or --no-input, or when stdin
    is not a terminal) it records one score from the flags.

    Examples:

    \b
      revmentor checkin dana.lee@example.com
      revmentor checkin dana.lee@example.com --topic TikTok --score 2 \\
        --phase baseline
    """
    interactive = not no_input and common.stdin_is_interactive()
    if score is not None and topic is None:
        raise UsageProblem("--score needs --topic: say which topic the score is about.")
    if topic is not None and score is not None and email and phase:
        interactive = False  # every answer is given: nothing to ask
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
        chosen_phase = parse_phase(phase) if phase is not None else None
        given_score = parse_score(score) if score is not None else None
        if topic is not None and not validation.parse_topics(topic):
            raise InvalidInput("the topic cannot be empty")
        if day is not None:
            validation.parse_date(day, "the date")
    except InvalidInput as error:
        raise InvalidInput(f"Cannot record the check-in: {error}.") from None

    from revmentor.store.checkins import known_topics, list_checkins, save_checkins
    from revmentor.store.participants import get_participant, list_participants
    from revmentor.store.program import load_program

    store = open_for_reading(ctx)
    if interactive:
        from revmentor.prompts import get_prompter

        ask = get_prompter()
    if email:
        person = get_participant(store.db, validation.normalize_email(email))
        if person is None:
            raise NotFound(
                f"No participant with email {email.strip()}; "
                "see `revmentor people` for who is enrolled."
            )
    else:
        person = _ask_person(ask, list_participants(store.db))
    try:
        checked_day = check_checkin_date(
            day if day is not None else date.today(),
            today=date.today(),
            left_on=person.left_on if person.status == LEFT else None,
        )
    except InvalidInput as error:
        raise InvalidInput(
            f"Cannot record the check-in for {person.email}: {error}."
        ) from None
    program = load_program(store.db)
    known = [
        *person.learns,
        *person.teaches,
        *(t for t, _ in MENTOR_CHECKIN_TOPICS),
        *program.topics,
        *known_topics(store.db),
    ]
    earlier = list_checkins(store.db, email=person.email)

    if interactive:
        scores = _ask_scores(
            ask, person, earlier, chosen_phase, topic, given_score, known
        )
        if not scores:
            say("No scores given; nothing saved.")
            raise typer.Exit(0)
        chosen_phase = scores[0][1]
        _print_summary(person, scores, earlier, checked_day)
        if not ask.confirm(
            f"Save {len(scores)} score{'s' if len(scores) != 1 else ''}?",
            default=True,
        ):
            say("Nothing saved.")
            raise typer.Exit(0)
        rows = [(t, p, s, checked_day) for t, p, s in scores]
        replacing = True  # the summary showed which earlier scores are replaced
    else:
        (clean_topic,) = canonical_topics([str(topic)], known)[:1]
        rows = [(clean_topic, chosen_phase, given_score, checked_day)]
        replacing = replace
        clash = _earlier(earlier, clean_topic, chosen_phase)
        if clash is not None and not replace:
            raise Conflict(
                f"{person.email} already has a {chosen_phase} score for "
                f"{clash.topic} ({clash.score}, on {clash.date}); add --replace "
                "to overwrite it."
            )
    with store.write():
        save_checkins(store.db, person.email, rows, replace=replacing)
    topics = ", ".join(f"{t} {s}" for t, _, s, _ in rows)
    say(
        f"Recorded the {chosen_phase} check-in of {_escape(person.name)} "
        f"<{person.email}>: {_escape(topics)}."
    )


def _earlier(earlier, topic: str, phase: str):
    key = validation.topic_key(topic)
    for checkin in earlier:
        if checkin.phase == phase and validation.topic_key(checkin.topic) == key:
            return checkin
    return None


def _ask_person(ask, people: list[Participant]) -> Participant:
    from revmentor.commands.log import match_label
    from revmentor.prompts import validator

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
        say(f"  [dim]Person:[/dim] {_escape(label)}")
    return by_label[label]


def _ask_scores(ask, person, earlier, phase, topic, given_score, known):
    """(topic, phase, score) for each question answered; blanks are skipped."""
    from revmentor.prompts import validator

    if phase is None:
        done = {c.phase for c in earlier}
        phase = ask.select(
            "Which check-in is this?",
            [(p, PHASE_HELP[p] + (" (done)" if p in done else "")) for p in PHASES],
            default=next_phase(done),
        )
    if topic is not None:
        (clean,) = canonical_topics([topic], known)[:1]
        if given_score is not None:
            return [(clean, phase, given_score)]
        questions = [(clean, f"How confident are you with {clean} today?")]
        if person.role == MENTOR:
            for mentor_topic, question in checkin_questions(person):
                if mentor_topic == clean:
                    questions = [(clean, question)]
    else:
        questions = checkin_questions(person)
    if not questions:
        extra = ask.text(
            f"{person.name} has no topics to learn on record; which topics "
            "should this check-in cover (comma-separated)?",
            instruction="(optional)",
        )
        questions = [
            (t, f"How confident are you with {t} today?")
            for t in canonical_topics(validation.parse_topics(extra), known)
        ]
    say(f"Check-in for {_escape(person.name)}: 1 = not at all confident, 5 = fully.")

    def optional_score(text: str):
        return parse_score(text) if text.strip() else None

    scores = []
    for question_topic, question in questions:
        before = [
            c
            for c in earlier
            if validation.topic_key(c.topic) == validation.topic_key(question_topic)
        ]
        hint = "; ".join(f"{c.phase} {c.score}" for c in before)
        answer = ask.text(
            f"{question} 1-5",
            validate=validator(optional_score),
            instruction=f"(blank to skip{'; earlier: ' + hint if hint else ''})",
        )
        value = optional_score(answer)
        if value is not None:
            scores.append((question_topic, phase, value))
    return scores


def _print_summary(person, scores, earlier, day: date) -> None:
    from rich.table import Table

    from revmentor.render.console import stderr_console

    clashes = [_earlier(earlier, topic, phase) for topic, phase, _ in scores]
    table = Table(header_style="bold", box=None, padding=(0, 2, 0, 2))
    table.add_column("Topic")
    table.add_column("Score", justify="right")
    if any(clashes):
        table.add_column("Replaces")
    for (topic, _, score), clash in zip(scores, clashes, strict=True):
        cells = [_escape(topic), str(score)]
        if any(clashes):
            cells.append(f"{clash.score} from {clash.date}" if clash else "")
        table.add_row(*cells)
    console = stderr_console()
    console.print(
        f"[bold]{scores[0][1].capitalize()} check-in of {_escape(person.name)} "
        f"on {day}[/bold]"
    )
    console.print(table)


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
    fmt: FormatOption = ListFormat.table,
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
    from revmentor.store.participants import get_participant

    store = open_for_reading(ctx)
    address = None
    if email is not None:
        address = validation.normalize_email(email)
        if get_participant(store.db, address) is None:
            raise NotFound(
                f"No participant with email {email.strip()}; "
                "see `revmentor people` for who is enrolled."
            )
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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
