"""What `log`, `checkin`, `sessions` and `goals` share: the day and format
options, one way to word a refusal, and `log --from FILE` / `checkin --from FILE`
(many sessions or check-ins from a form's export; the rules themselves live in
``revmentor.domain.sessions.bulk``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from revmentor.commands.common import day_option, open_for_reading
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, NotFound, UsageProblem
from revmentor.prompts import match_label, validator
from revmentor.render.console import warn

T = TypeVar("T")


DayOption = Annotated[
    date | None,
    day_option(
        "--date",
        "The day it happened (default today; not in the future), "
        "e.g. --date 2027-01-20.",
    ),
]
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
Notes = Annotated[
    str | None,
    typer.Option(
        help="Private notes ('-' reads them from stdin); shown only with "
        '`revmentor sessions --include-notes`, e.g. --notes "Set up her account".',
    ),
]
MentorRating = Annotated[
    str | None,
    typer.Option(
        metavar="1-5",
        help='How the mentor rated the session, 1 to 5 ("" clears it), '
        "e.g. --mentor-rating 4.",
    ),
]
MenteeRating = Annotated[
    str | None,
    typer.Option(
        metavar="1-5",
        help='How the mentee rated the session, 1 to 5 ("" clears it), '
        "e.g. --mentee-rating 5.",
    ),
]
Mentor = Annotated[
    str | None,
    typer.Option(
        metavar="EMAIL", help="The mentor, e.g. --mentor ana.ruiz@example.com."
    ),
]
Mentee = Annotated[
    str | None,
    typer.Option(
        metavar="EMAIL", help="The mentee, e.g. --mentee dana.lee@example.com."
    ),
]
FromFile = Annotated[
    Path | None,
    typer.Option(
        "--from",
        metavar="FILE",
        help="Record many at once from a .csv or .xlsx file (a form's export), "
        "e.g. --from responses.csv; see `revmentor forms` for its columns.",
        dir_okay=False,
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
    bool,
    typer.Option(
        "--dry-run", help="With --from: check the file and say what would be added."
    ),
]


def numbered(text: str, get: Callable[[int], T | None], what: str, listing: str) -> T:
    """The record ``text`` numbers (12 or #12), as `revmentor LISTING` lists it."""
    from revmentor.domain.validation import parse_whole_number

    try:
        number = parse_whole_number(text.strip().removeprefix("#"), "ID", minimum=1)
    except InvalidInput:
        raise InvalidInput(
            f"A {what} ID is a number as listed by `revmentor {listing}`, not {text!r}."
        ) from None
    found = get(number)
    if found is None:
        raise NotFound(
            f"No {what} #{number}; see `revmentor {listing}` for their numbers."
        )
    return found


def pick(ask, question: str, by_label: dict, what: str = "pair"):
    """What the answer names among ``by_label`` (typed in part; Tab lists them)."""
    from revmentor.render.sessions import notice

    labels = list(by_label)
    check = validator(lambda text: match_label(text, labels, what))
    answer = ask.autocomplete(question, labels, validate=check)
    label = match_label(answer, labels, what)
    if answer.strip() != label:
        notice(f"  {what.capitalize()}: {label}")
    return by_label[label]


@dataclass
class FileOptions:
    path: Path | None
    sheet: str | None
    columns: list[str] | None
    date_format: str | None
    skip_invalid: bool
    dry_run: bool

    def read(self):
        from revmentor.domain.tables import date_pattern, parse_map_options
        from revmentor.spreadsheets import read_table

        pattern = date_pattern(self.date_format) if self.date_format else None
        table = read_table(self.path, sheet=self.sheet)
        return table, parse_map_options(self.columns), pattern


def file_options(options: FileOptions, other_flags: dict) -> bool:
    """Whether --from was given; refuses flags of the other mode (--from reads
    every answer from the file; --sheet and friends only mean something with it)."""
    message = "--from reads every answer from the file; leave out {}."
    if options.path is None:
        message = "{} only apply with --from FILE."
        names = ["--sheet", "--map", "--date-format", "--skip-invalid", "--dry-run"]
        other_flags = dict(zip(names, astuple(options)[1:], strict=True))
    clash = [flag for flag, value in other_flags.items() if value not in (None, False)]
    if clash:
        raise UsageProblem(message.format(", ".join(clash)))
    return options.path is not None


def log_from_file(ctx: typer.Context, options: FileOptions) -> None:
    """Check every row of a sessions file, then record them all (or none)."""
    from revmentor.domain.sessions.bulk import Context, session_rows
    from revmentor.store.pairs import list_pairs
    from revmentor.store.people.participants import list_participants
    from revmentor.store.program import load_program
    from revmentor.store.sessions import sessions as session_store
    from revmentor.store.sessions.goals import list_goals, mark_reached

    table, mapping, pattern = options.read()
    store = open_for_reading(ctx)
    with store.write(dry_run=options.dry_run):
        db = store.db
        program = load_program(db)
        context = Context(
            people=list_participants(db),
            pairs=list_pairs(db, include_ended=True),
            today=date.today(),
            default_minutes=program.session_minutes,
            topics_of=session_topics(db),
            stored=session_store.session_responses(db),
            date_pattern=pattern,
            mapping=mapping,
        )
        for goal in list_goals(db, only_open=True):
            context.open_goals.setdefault(goal.pair_id, []).append(goal)
        rows = session_rows(table, context)
        _refuse_or_list(rows, options, "sessions", "logged")
        session_store.insert_sessions(
            db, [(s.pair_id, s.entry, s.response_id) for s in rows.added]
        )
        for made in rows.added:
            if made.fit is not None:
                session_store.set_pair_fit(db, made.pair_id, made.fit, date.today())
            for goal in made.reached:
                mark_reached(db, goal.id, made.entry.date)
    reached = sum(len(made.reached) for made in rows.added)
    also = plural(reached, "goal") + " reached" if reached else None
    _say_done(rows, options, "session", "logged", also)


def session_topics(db) -> Callable:
    """The topics a pair's session may name: the pair's shared ones, what the
    mentee wants to learn, and the program's catalogue."""
    from revmentor.store.people.participants import get_participant
    from revmentor.store.program import load_program

    catalogue = load_program(db).topics

    def topics_of(pair) -> list[str]:
        mentee = get_participant(db, pair.mentee)
        return [*pair.shared_topics, *(mentee.learns if mentee else []), *catalogue]

    return topics_of


def checkin_topics(db) -> Callable:
    """The topics a person's check-in may name: theirs, the mentors' two, the
    program's topics and statements, and any scored before."""
    from revmentor.domain.sessions.checkins import MENTOR_CHECKIN_TOPICS
    from revmentor.store.program import load_program
    from revmentor.store.sessions.checkins import known_topics

    program = load_program(db)
    common = [
        *MENTOR_CHECKIN_TOPICS,
        *program.topics,
        *program.statements,
        *known_topics(db),
    ]
    return lambda person: [*person.learns, *person.teaches, *common]


def checkin_from_file(ctx: typer.Context, options: FileOptions) -> None:
    """Check every row of a check-ins file, then record them all (or none)."""
    from revmentor.domain.sessions.bulk import Context, checkin_rows
    from revmentor.domain.validation import topic_key
    from revmentor.store.people.participants import list_participants
    from revmentor.store.sessions.checkins import checkin_keys, insert_checkins

    table, mapping, pattern = options.read()
    store = open_for_reading(ctx)
    with store.write(dry_run=options.dry_run):
        db = store.db
        context = Context(
            people=list_participants(db),
            today=date.today(),
            topics_of=checkin_topics(db),
            stored={
                (email, topic_key(topic), phase): response
                for email, topic, phase, response in checkin_keys(db)
            },
            date_pattern=pattern,
            mapping=mapping,
        )
        rows = checkin_rows(table, context)
        _refuse_or_list(rows, options, "check-ins", "recorded")
        insert_checkins(db, rows.added)
    _say_done(rows, options, "check-in", "recorded")


def _refuse_or_list(rows, options: FileOptions, what: str, done: str) -> None:
    if not rows.problems:
        return
    listed = "\n".join(f"  {problem}" for problem in rows.problems)
    count = len(rows.problems)
    if not options.skip_invalid or not (rows.added or rows.already):
        others = (
            ""
            if options.skip_invalid
            else ", or add --skip-invalid to record the others"
        )
        raise InvalidInput(
            f"{plural(count, 'row')} of {options.path} cannot be "
            f"{done}, so no {what} were {done} (fix them{others}):\n{listed}"
        )
    warn(f"Skipped {plural(count, 'bad row')}:\n{listed}")


def _say_done(rows, options: FileOptions, what: str, done: str, also=None) -> None:
    """``also``: what else the rows did, e.g. "2 goals reached"."""
    text = f"Would have {done}" if options.dry_run else done.capitalize()
    text += f" {plural(len(rows.added), what)} from {options.path}"
    extra = [also] if also else []
    extra += [f"{rows.already} already {done} earlier"] if rows.already else []
    extra += [f"{len(rows.problems)} skipped"] if rows.problems else []
    if extra:
        text += f" ({', '.join(extra)})"
    warn(text + ("; dry run: nothing was saved." if options.dry_run else "."))
