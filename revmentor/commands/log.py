"""`revmentor log`: record a session, by prompts or by flags."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands.common import open_for_reading, say
from revmentor.domain import validation
from revmentor.domain.sessions import (
    FIT_LABELS,
    FIT_POOR,
    SessionEntry,
    check_session_date,
    new_session,
    parse_fit,
    parse_minutes,
    parse_rating,
)
from revmentor.errors import Conflict, InvalidInput, NotFound, UsageProblem

PairOption = Annotated[
    str | None,
    typer.Option(
        "--pair",
        metavar="ID",
        help="The pair's id number, instead of --mentor/--mentee; e.g. --pair 3.",
    ),
]
MentorOption = Annotated[
    str | None,
    typer.Option(
        "--mentor",
        metavar="EMAIL",
        help="The mentor's email, e.g. --mentor ana.ruiz@example.com.",
    ),
]
MenteeOption = Annotated[
    str | None,
    typer.Option(
        "--mentee",
        metavar="EMAIL",
        help="The mentee's email, e.g. --mentee dana.lee@example.com.",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Day of the session (default today; not in the future, not before "
        "the pair was made), e.g. --date 2027-01-20.",
    ),
]
MinutesOption = Annotated[
    str | None,
    typer.Option(
        "--minutes",
        metavar="N",
        help="How long it lasted (default: the program's session length), "
        "e.g. --minutes 45.",
    ),
]
TopicsOption = Annotated[
    str | None,
    typer.Option(
        "--topics",
        help='Topics covered, comma-separated, e.g. --topics "TikTok, AI assistants".',
    ),
]
NotesOption = Annotated[
    str | None,
    typer.Option(
        "--notes",
        help="Private notes ('-' reads them from stdin); shown only with "
        '`revmentor sessions --include-notes`, e.g. --notes "Set up her account".',
    ),
]
MentorRatingOption = Annotated[
    str | None,
    typer.Option(
        "--mentor-rating",
        metavar="1-5",
        help="How the mentor rated the session, 1 to 5, e.g. --mentor-rating 4.",
    ),
]
MenteeRatingOption = Annotated[
    str | None,
    typer.Option(
        "--mentee-rating",
        metavar="1-5",
        help="How the mentee rated the session, 1 to 5, e.g. --mentee-rating 5.",
    ),
]
FitOption = Annotated[
    str | None,
    typer.Option(
        "--fit",
        metavar="good|unsure|poor",
        help="Is the pairing a good fit? Asked after the first session; "
        "`revmentor pair --rematch` re-pairs the poor ones. E.g. --fit good.",
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never prompt: take every answer from the flags, e.g. in a script.",
    ),
]


def log_command(
    ctx: typer.Context,
    pair: PairOption = None,
    mentor: MentorOption = None,
    mentee: MenteeOption = None,
    day: DateOption = None,
    minutes: MinutesOption = None,
    topics: TopicsOption = None,
    notes: NotesOption = None,
    mentor_rating: MentorRatingOption = None,
    mentee_rating: MenteeRatingOption = None,
    fit: FitOption = None,
    no_input: NoInputOption = False,
) -> None:
    """Record a session a pair held.

    In a terminal it asks for each answer: the pair (type part of either name),
    date, minutes, topics, private notes (in $EDITOR when it is set), both
    ratings and, after a pair's first session, whether the pairing fits. Flags
    answer questions in advance. With --no-input, or when stdin is not a
    terminal, it only uses flags: name the pair, the rest has defaults.

    Examples:

    \b
      revmentor log
      revmentor log --mentor ana.ruiz@example.com --mentee dana.lee@example.com \\
        --date 2027-01-20 --minutes 45 --topics TikTok --mentee-rating 5 --no-input
    """
    interactive = not no_input and common.stdin_is_interactive()
    if pair is not None and (mentor or mentee):
        raise UsageProblem("Give either --pair or --mentor/--mentee, not both.")
    if not interactive and pair is None and not mentor and not mentee:
        raise UsageProblem(
            "Missing --mentor and --mentee (or --pair): name the pair as flags "
            "when not running in a terminal."
        )
    # Values that do not depend on the pair are checked before anything is opened.
    try:
        if minutes is not None:
            parse_minutes(minutes)
        parse_rating(mentor_rating, "the mentor's rating")
        parse_rating(mentee_rating, "the mentee's rating")
        if day is not None:
            validation.parse_date(day, "the date")
        fit = parse_fit(fit) if fit is not None else None
    except InvalidInput as error:
        raise InvalidInput(f"Cannot log the session: {error}.") from None
    if notes == "-":
        notes = sys.stdin.read()

    from revmentor.store.participants import get_participant
    from revmentor.store.program import load_program
    from revmentor.store.sessions import count_sessions

    store = open_for_reading(ctx)
    candidates = candidate_pairs(store.db, pair, mentor, mentee)
    if len(candidates) > 1 and not interactive:
        raise UsageProblem(_ambiguous(candidates, mentor, mentee))
    program = load_program(store.db)
    values: dict[str, object] = {
        "date": day,
        "minutes": minutes,
        "topics": topics,
        "notes": notes,
        "mentor_rating": mentor_rating,
        "mentee_rating": mentee_rating,
    }
    if interactive:
        from revmentor.prompts import get_prompter

        ask = get_prompter()
    # One candidate: the flags named the pair. Several: ask which one met.
    chosen = candidates[0] if len(candidates) == 1 else ask_pair(ask, candidates)
    if (
        interactive
        and pair is None
        and not mentor
        and not mentee
        and len(candidates) == 1
    ):
        say(f"  [dim]Pair:[/dim] {_escape(_label(chosen))} (the only active pair)")
    mentee_person = get_participant(store.db, chosen.mentee)
    known = [
        *chosen.shared_topics,
        *(mentee_person.learns if mentee_person else []),
        *program.topics,
    ]
    first_session = count_sessions(store.db, chosen.id) == 0
    if interactive:
        answers = _ask(ask, values, chosen, program, known, first_session, fit)
        if answers is None:
            say("Nothing saved.")
            raise typer.Exit(0)
        entry, fit = answers
    else:
        if values["minutes"] is None:
            values["minutes"] = program.session_minutes
        entry = _build(values, chosen, known)

    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions import (
        insert_session,
        sessions_on,
        set_pair_fit,
    )

    with store.write():
        current = get_pair(store.db, chosen.id)
        if current is None or current.status != "active":
            raise Conflict(
                f"The pair {_label(chosen)} was ended a moment ago; nothing saved."
            )
        same_day = sessions_on(store.db, chosen.id, entry.date)
        session_id = insert_session(store.db, chosen.id, entry)
        if fit is not None:
            set_pair_fit(store.db, chosen.id, fit, date.today())
        held = count_sessions(store.db, chosen.id)
    say(
        f"Logged session #{session_id}: {_escape(_label(chosen))} on {entry.date}, "
        f"{entry.minutes} minutes ({held} session{'s' if held != 1 else ''} so far)."
    )
    if same_day:
        say(
            f"Note: session #{same_day[0]} was already logged for this pair on "
            f"{entry.date}; `revmentor sessions delete {session_id}` removes this "
            "one if it was a mistake."
        )
    if fit is not None:
        say(f"Recorded the pairing's fit: {FIT_LABELS[fit]}.")
        if fit == FIT_POOR:
            say("`revmentor pair --rematch` ends it and pairs both people again.")


# ---------------------------------------------------------------- choosing the pair


def candidate_pairs(db, pair: str | None, mentor: str | None, mentee: str | None):
    """The active pairs the flags allow: exactly one when they name a pair.

    Refuses with one sentence when the flags name no active pair.
    """
    from revmentor.store.pairs import get_pair, list_pairs
    from revmentor.store.participants import get_participant

    if pair is not None:
        try:
            pair_id = validation.parse_whole_number(pair.strip(), "--pair", minimum=1)
        except InvalidInput:
            raise InvalidInput(
                f"--pair must be a pair's id number, not {pair!r}."
            ) from None
        found = get_pair(db, pair_id)
        if found is None:
            raise NotFound(
                f"No pair #{pair_id}; name the pair with --mentor and --mentee instead."
            )
        if found.status != "active":
            raise InvalidInput(_ended_sentence(found))
        return [found]
    people = {}
    for flag, email in (("--mentor", mentor), ("--mentee", mentee)):
        if not email:
            continue
        address = validation.normalize_email(email)
        person = get_participant(db, address)
        if person is None:
            raise NotFound(
                f"No participant with email {email.strip()}; "
                "see `revmentor people` for who is enrolled."
            )
        role = flag[2:]
        if person.role != role:
            other = "--mentee" if role == "mentor" else "--mentor"
            raise InvalidInput(
                f"{person.email} is a {person.role}, not a {role}; "
                f"give them with {other}."
            )
        people[role] = person
    active = list_pairs(db)
    matches = [
        p
        for p in active
        if ("mentor" not in people or p.mentor == people["mentor"].email)
        and ("mentee" not in people or p.mentee == people["mentee"].email)
    ]
    if matches:
        return matches
    if not people:
        raise NotFound(
            "There are no active pairs to log a session for; "
            "run `revmentor pair` first."
        )
    if len(people) == 2:
        mentor_p, mentee_p = people["mentor"], people["mentee"]
        ended = [
            p
            for p in list_pairs(db, include_ended=True, email=mentor_p.email)
            if p.mentee == mentee_p.email
        ]
        if ended:
            raise InvalidInput(_ended_sentence(ended[-1]))
        raise InvalidInput(
            f"{mentor_p.name} ({mentor_p.email}) and {mentee_p.name} "
            f"({mentee_p.email}) are not an active pair; "
            "see `revmentor pairs` for who is paired."
        )
    (person,) = people.values()
    history = list_pairs(db, include_ended=True, email=person.email)
    if history:
        last = max(history, key=lambda p: (p.ended_on or p.paired_on, p.id))
        other = last.mentee_name if person.role == "mentor" else last.mentor_name
        why = f": {last.end_reason}" if last.end_reason else ""
        raise InvalidInput(
            f"{person.name} ({person.email}) has no active pair; their pair with "
            f"{other} ended on {last.ended_on}{why}."
        )
    raise InvalidInput(
        f"{person.name} ({person.email}) has no active pair; "
        "see `revmentor pairs` for who is paired."
    )


def _ended_sentence(pair) -> str:
    why = f" ({pair.end_reason})" if pair.end_reason else ""
    return (
        f"The pair {_label(pair)} ended on {pair.ended_on}{why}; "
        "sessions can only be logged for active pairs."
    )


def _ambiguous(candidates, mentor: str | None, mentee: str | None) -> str:
    given = "--mentor" if mentor else "--mentee"
    missing = "--mentee" if mentor else "--mentor"
    person = candidates[0].mentor if mentor else candidates[0].mentee
    others = ", ".join(p.mentee if mentor else p.mentor for p in candidates)
    return (
        f"{person} ({given}) has {len(candidates)} active pairs (with {others}); "
        f"add {missing} to choose one."
    )


def _label(pair) -> str:
    return f"{pair.mentor_name} → {pair.mentee_name}"


def pair_labels(pairs: Sequence) -> dict[str, object]:
    """ "Mentor Name → Mentee Name" for each pair, made unique with emails."""
    counts: dict[str, int] = {}
    for p in pairs:
        counts[_label(p)] = counts.get(_label(p), 0) + 1
    labels = {}
    for p in pairs:
        label = _label(p)
        if counts[label] > 1:
            label += f" ({p.mentor} → {p.mentee})"
        labels[label] = p
    return labels


def match_label(text: str, labels: Sequence[str], what: str = "pair") -> str:
    """The one label ``text`` names: typed in full, or a part found in only one."""
    typed = _folded(text)
    if not typed:
        raise InvalidInput(f"type part of a name to choose a {what}")
    for label in labels:
        if _folded(label) == typed:
            return label
    found = [label for label in labels if typed in _folded(label)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInput(f"no {what} matches {text.strip()!r}")
    many = "people" if what == "person" else f"{what}s"
    raise InvalidInput(
        f"{len(found)} {many} match {text.strip()!r}; type more of the name"
    )


def _folded(text: str) -> str:
    """For matching what was typed: no case, no accents ('chloe' finds Chloé)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ask_pair(ask, candidates):
    from revmentor.prompts import validator

    labels = pair_labels(candidates)
    names = list(labels)
    answer = ask.autocomplete(
        "Which pair met? (type part of either name, Tab lists them)",
        names,
        default=names[0] if len(names) == 1 else "",
        validate=validator(lambda text: match_label(text, names)),
    )
    label = match_label(answer, names)
    if answer.strip() != label:
        say(f"  [dim]Pair:[/dim] {_escape(label)}")
    return labels[label]


# ---------------------------------------------------------------- the answers


def _build(values: dict, pair, known: Sequence[str]) -> SessionEntry:
    try:
        return new_session(
            values, paired_on=pair.paired_on, today=date.today(), known_topics=known
        )
    except InvalidInput as error:
        raise InvalidInput(f"Cannot log the session: {error}.") from None


def _ask(ask, values, pair, program, known, first_session, fit):
    """Ask every question whose answer was not given as a flag.

    Returns (entry, fit), or None when the summary is not confirmed.
    """
    from revmentor.prompts import validator

    today = date.today()
    answers = dict(values)
    if answers["date"] is None:
        answers["date"] = ask.text(
            "Date of the session (YYYY-MM-DD):",
            default=today.isoformat(),
            validate=validator(
                lambda text: check_session_date(
                    text, paired_on=pair.paired_on, today=today
                )
            ),
        )
    if answers["minutes"] is None:
        answers["minutes"] = ask.text(
            "How many minutes?",
            default=str(program.session_minutes),
            validate=validator(parse_minutes),
        )
    if answers["topics"] is None:
        choices = _topic_choices(known)
        picked = ask.checkbox("Topics covered:", choices) if choices else []
        extra = ask.text(
            "Other topics (comma-separated):"
            if choices
            else "Topics covered (comma-separated):",
            instruction="(optional)",
        )
        answers["topics"] = picked + validation.parse_topics(extra)
    if answers["notes"] is None:
        answers["notes"] = _ask_notes(ask)
    for key, name, role in (
        ("mentor_rating", pair.mentor_name, "mentor"),
        ("mentee_rating", pair.mentee_name, "mentee"),
    ):
        if answers[key] is None:
            answers[key] = ask.text(
                f"How did {name} ({role}) rate the session, 1-5?",
                validate=validator(
                    lambda text, role=role: parse_rating(text, f"the {role}'s rating")
                ),
                instruction="(optional)",
            )
    if fit is None and first_session:
        picked_fit = ask.select(
            "After this first session, is the pairing a good fit?",
            [
                ("good", "Yes, a good fit"),
                ("unsure", "Not sure yet"),
                ("poor", "No, not a good fit"),
                ("skip", "Skip for now (`revmentor pairs fit` records it later)"),
            ],
        )
        fit = None if picked_fit == "skip" else picked_fit
    entry = _build(answers, pair, known)
    _print_summary(pair, entry, fit)
    if not ask.confirm("Save this session?", default=True):
        return None
    return entry, fit


def _topic_choices(known: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    choices = []
    for topic in known:
        key = validation.topic_key(topic)
        if key and key not in seen:
            seen.add(key)
            choices.append(topic)
    return choices


def _editor() -> str | None:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def _ask_notes(ask) -> str:
    editor = _editor()
    if editor:
        how = ask.select(
            "Private notes:",
            [
                ("editor", f"Write them in {editor}"),
                ("here", "Type them here"),
                ("none", "No notes"),
            ],
        )
        if how == "editor":
            try:
                return edit_text(editor)
            except InvalidInput as error:
                # Keep the answers given so far: say why, then ask here instead.
                from revmentor.render.console import warn

                warn(f"{error}; type the notes here instead.")
        if how == "none":
            return ""
    return ask.text(
        "Private notes:",
        multiline=True,
        instruction="(optional, only shown with --include-notes; "
        "finish with Esc then Enter)\n>",
    )


def edit_text(editor: str, initial: str = "") -> str:
    """Open ``editor`` on a private temporary file and return what was saved.

    The file lives in a folder only the user can read and is removed afterwards.
    """
    import shlex
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="revmentor-") as folder:
        path = Path(folder) / "session-notes.md"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise InvalidInput(
                f"Cannot start the editor {editor!r} (from $VISUAL or $EDITOR): "
                f"{reason}"
            ) from None
        if completed.returncode != 0:
            raise InvalidInput(
                f"The editor {editor!r} exited with status {completed.returncode}"
            )
        return path.read_text(encoding="utf-8")


def _print_summary(pair, entry: SessionEntry, fit: str | None) -> None:
    from rich.table import Table

    from revmentor.render.console import stderr_console
    from revmentor.render.formats import flat

    notes = entry.notes or ""
    table = Table(show_header=False, box=None, title="New session")
    table.add_column(style="bold")
    table.add_column()
    for key, value in (
        ("pair", _label(pair)),
        ("date", entry.date.isoformat()),
        ("minutes", entry.minutes),
        ("topics", entry.topics),
        ("notes", f"{len(notes)} characters (private)" if notes else ""),
        ("mentor rating", entry.mentor_rating),
        ("mentee rating", entry.mentee_rating),
        ("fit", FIT_LABELS.get(fit or "", "")),
    ):
        table.add_row(key, _escape(flat(value)))
    stderr_console().print(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
