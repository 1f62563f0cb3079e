"""`log --from FILE` and `checkin --from FILE`: many sessions or check-ins from a
spreadsheet (a form's export). Shared by the `log` and `checkin` commands, like
``common``; the rules themselves live in ``revmentor.domain.bulk``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import open_for_reading
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, UsageProblem
from revmentor.render.console import warn

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


@dataclass
class FileOptions:
    path: Path
    sheet: str | None
    columns: list[str] | None
    date_format: str | None
    skip_invalid: bool
    dry_run: bool


def file_options(
    from_file: Path | None,
    sheet: str | None,
    columns: list[str] | None,
    date_format: str | None,
    skip_invalid: bool,
    dry_run: bool,
    *,
    other_flags: dict[str, object],
) -> FileOptions | None:
    """The --from options, or None without --from; refuses flags of the other mode."""
    file_flags = {
        "--sheet": sheet,
        "--map": columns,
        "--date-format": date_format,
        "--skip-invalid": skip_invalid,
        "--dry-run": dry_run,
    }
    if from_file is None:
        refuse_file_flags(file_flags)
        return None
    refuse_other_flags(other_flags)
    return FileOptions(from_file, sheet, columns, date_format, skip_invalid, dry_run)


def refuse_other_flags(given: dict[str, object]) -> None:
    """--from reads every answer from the file: other answers make no sense."""
    clash = [flag for flag, value in given.items() if value not in (None, False)]
    if clash:
        raise UsageProblem(
            f"--from reads every answer from the file; leave out {', '.join(clash)}."
        )


def refuse_file_flags(given: dict[str, object]) -> None:
    """--sheet, --map and friends only mean something with --from."""
    clash = [flag for flag, value in given.items() if value not in (None, False)]
    if clash:
        raise UsageProblem(f"{', '.join(clash)} only apply with --from FILE.")


def _read(options: FileOptions):
    from revmentor.domain.tables import date_pattern, parse_map_options
    from revmentor.spreadsheets import read_table

    mapping = parse_map_options(options.columns)
    pattern = date_pattern(options.date_format) if options.date_format else None
    return read_table(options.path, sheet=options.sheet), mapping, pattern


def log_from_file(ctx: typer.Context, options: FileOptions) -> None:
    """Check every row of a sessions file, then record them all (or none)."""
    from revmentor.domain.bulk import Pairs, People, SessionContext, session_rows
    from revmentor.store.goals import list_goals, mark_reached
    from revmentor.store.pairs import list_pairs
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program
    from revmentor.store.sessions import (
        insert_sessions,
        session_responses,
        set_pair_fit,
    )

    table, mapping, pattern = _read(options)
    store = open_for_reading(ctx)
    with store.write(dry_run=options.dry_run):
        db = store.db
        program = load_program(db)
        participants = list_participants(db)
        learns = {p.email: p.learns for p in participants}

        def topics_of(pair) -> list[str]:
            return [*pair.shared_topics, *learns.get(pair.mentee, []), *program.topics]

        context = SessionContext(
            people=People(participants),
            pairs=Pairs(list_pairs(db, include_ended=True)),
            today=date.today(),
            default_minutes=program.session_minutes,
            topics_of=topics_of,
            stored=session_responses(db),
            date_pattern=pattern,
        )
        for goal in list_goals(db, only_open=True):
            context.open_goals.setdefault(goal.pair_id, []).append(goal)
        rows = session_rows(table, mapping, context)
        _refuse_or_list(rows, options, "sessions", "logged")
        insert_sessions(db, [(s.pair_id, s.entry, s.response_id) for s in rows.added])
        for made in rows.added:
            if made.fit is not None:
                set_pair_fit(db, made.pair_id, made.fit, date.today())
            for goal in made.reached:
                mark_reached(db, goal.id, made.entry.date)
    reached = sum(len(made.reached) for made in rows.added)
    _say_done(
        rows,
        options,
        "session",
        "logged",
        also=plural(reached, "goal") + " reached" if reached else None,
    )


def checkin_from_file(ctx: typer.Context, options: FileOptions) -> None:
    """Check every row of a check-ins file, then record them all (or none)."""
    from revmentor.domain.bulk import CheckinContext, People, checkin_rows
    from revmentor.domain.checkins import MENTOR_CHECKIN_TOPICS
    from revmentor.domain.validation import topic_key
    from revmentor.store.checkins import checkin_keys, insert_checkins, known_topics
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program

    table, mapping, pattern = _read(options)
    store = open_for_reading(ctx)
    with store.write(dry_run=options.dry_run):
        db = store.db
        program = load_program(db)
        recorded = known_topics(db)
        mentor_topics = [topic for topic, _ in MENTOR_CHECKIN_TOPICS]

        def topics_of(person) -> list[str]:
            return [
                *person.learns,
                *person.teaches,
                *mentor_topics,
                *program.topics,
                *recorded,
            ]

        context = CheckinContext(
            people=People(list_participants(db)),
            today=date.today(),
            topics_of=topics_of,
            stored={
                (email, topic_key(topic), phase): response
                for email, topic, phase, response in checkin_keys(db)
            },
            date_pattern=pattern,
        )
        rows = checkin_rows(table, mapping, context)
        _refuse_or_list(rows, options, "check-ins", "recorded")
        insert_checkins(db, [(c.email, c.entry, c.response_id) for c in rows.added])
    _say_done(rows, options, "check-in", "recorded")


def _refuse_or_list(rows, options: FileOptions, what: str, done: str) -> None:
    if not rows.problems:
        return
    listed = "\n".join(f"  {problem}" for problem in rows.problems)
    count = len(rows.problems)
    if not options.skip_invalid:
        raise InvalidInput(
            f"{plural(count, 'row')} of {options.path} cannot be "
            f"{done}, so no {what} were {done} (fix them, or add --skip-invalid "
            f"to record the others):\n{listed}"
        )

    warn(f"Skipped {plural(count, 'bad row')}:\n{listed}")


def _say_done(
    rows, options: FileOptions, what: str, done: str, also: str | None = None
) -> None:
    """``also``: what else the rows did, e.g. "2 goals reached"."""
    count = len(rows.added)
    text = plural(count, what)
    if options.dry_run:
        text = f"Would have {done} {text} from {options.path}"
    else:
        text = f"{done.capitalize()} {text} from {options.path}"
    extra = [also] if also else []
    if rows.already:
        extra.append(f"{rows.already} already {done} earlier")
    if rows.problems:
        extra.append(f"{len(rows.problems)} skipped")
    if extra:
        text += f" ({', '.join(extra)})"
    text += "; dry run: nothing was saved." if options.dry_run else "."
    warn(text)
