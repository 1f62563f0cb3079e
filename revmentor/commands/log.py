"""`revmentor log`: record a session, by prompts or by flags."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common, common_bulk, table_options
from revmentor.commands.common import DateOption, NoInputOption, open_for_reading
from revmentor.domain import validation
from revmentor.domain.goals import (
    GoalEntry,
    StoredGoal,
    new_goal,
    reached_goals,
    reached_in_session,
)
from revmentor.domain.models import MENTEE, MENTOR, PAIR_ACTIVE
from revmentor.domain.sessions import (
    FIT_GOOD,
    FIT_POOR,
    FIT_UNSURE,
    SessionEntry,
    check_session_date,
    new_session,
    parse_fit,
    parse_minutes,
    parse_rating,
    topic_choices,
)
from revmentor.errors import Conflict, InvalidInput, NotFound, UsageProblem
from revmentor.prompts import match_label, pair_label, pair_labels
from revmentor.render.sessions import notice

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
GoalReachedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--goal-reached",
        metavar="ID",
        help="A goal of the pair reached in this session (repeat for several), "
        "as numbered by `revmentor goals`, e.g. --goal-reached 3.",
    ),
]


@dataclass
class SessionPlan:
    """Everything one `log` saves, checked, before the write."""

    entry: SessionEntry
    fit: str | None = None
    reached: list[StoredGoal] = field(default_factory=list)
    goal: GoalEntry | None = None


@dataclass
class PairContext:
    """What the questions about one pair's session need to know."""

    pair: object
    program: object
    known_topics: list[str]
    first_session: bool
    open_goals: list[StoredGoal]
    has_goals: bool


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
    goal_reached: GoalReachedOption = None,
    no_input: NoInputOption = False,
    from_file: common_bulk.FromFile = None,
    sheet: table_options.Sheet = None,
    columns: table_options.ColumnMap = None,
    date_format: table_options.DateFormat = None,
    skip_invalid: common_bulk.SkipInvalid = False,
    dry_run: common_bulk.DryRun = False,
) -> None:
    """Record a session a pair held, or many from a spreadsheet with --from.

    In a terminal it asks for each answer: the pair (type part of either name),
    date, minutes, topics, private notes (in $EDITOR when it is set), both
    ratings, after a pair's first session whether the pairing fits, whether a
    goal of the pair was reached, and (after the first session) a goal to set.
    Flags answer questions in advance. With --no-input, or when stdin is not a
    terminal, it only uses flags: name the pair, the rest has defaults.

    Examples:

    \b
      revmentor log
      revmentor log --mentor ana.ruiz@example.com --mentee dana.lee@example.com \\
        --date 2027-01-20 --minutes 45 --topics TikTok --mentee-rating 5 --no-input
      revmentor log --pair 3 --goal-reached 7 --no-input
      revmentor log --from responses.csv --date-format MM/DD/YYYY --dry-run
    """
    options = common_bulk.file_options(
        from_file,
        sheet,
        columns,
        date_format,
        skip_invalid,
        dry_run,
        other_flags={
            "--pair": pair,
            "--mentor": mentor,
            "--mentee": mentee,
            "--date": day,
            "--minutes": minutes,
            "--topics": topics,
            "--notes": notes,
            "--mentor-rating": mentor_rating,
            "--mentee-rating": mentee_rating,
            "--fit": fit,
            "--goal-reached": goal_reached,
        },
    )
    if options is not None:
        return common_bulk.log_from_file(ctx, options)
    interactive = not no_input and common.stdin_is_interactive()
    values: dict[str, object] = {
        "date": day,
        "minutes": minutes,
        "topics": topics,
        "notes": notes,
        "mentor_rating": mentor_rating,
        "mentee_rating": mentee_rating,
    }
    fit = _check_flags(values, fit, pair, mentor, mentee, interactive)
    if notes == "-":
        values["notes"] = sys.stdin.read()
    store = open_for_reading(ctx)
    ask = None
    if interactive:
        from revmentor.prompts import get_prompter

        ask = get_prompter()
    chosen = _choose_pair(store.db, ask, pair, mentor, mentee)
    context = _pair_context(store.db, chosen)
    if ask is not None:
        plan = _ask(ask, values, context, fit, goal_reached or [])
        if plan is None:
            notice("Nothing saved.")
            raise typer.Exit(0)
    else:
        plan = _from_flags(values, context, fit, goal_reached or [])
    _save_and_tell(store, chosen, plan)


# ---------------------------------------------------------------- steps


def _check_flags(values: dict, fit, pair, mentor, mentee, interactive) -> str | None:
    """Refuse a bad call before anything is opened; returns the parsed fit."""
    if pair is not None and (mentor or mentee):
        raise UsageProblem("Give either --pair or --mentor/--mentee, not both.")
    if not interactive and pair is None and not mentor and not mentee:
        raise UsageProblem(
            "Missing --mentor and --mentee (or --pair): name the pair as flags "
            "when not running in a terminal."
        )
    try:
        if values["minutes"] is not None:
            parse_minutes(values["minutes"])
        parse_rating(values["mentor_rating"], "the mentor's rating")
        parse_rating(values["mentee_rating"], "the mentee's rating")
        if values["date"] is not None:
            validation.parse_date(values["date"], "the date")
        return parse_fit(fit) if fit is not None else None
    except InvalidInput as error:
        raise InvalidInput(f"Cannot log the session: {error}.") from None


def _choose_pair(db, ask, pair, mentor, mentee):
    """The pair the flags name, or the one picked from a list."""
    candidates = candidate_pairs(db, pair, mentor, mentee)
    if len(candidates) == 1:
        if ask is not None and pair is None and not mentor and not mentee:
            notice(f"  Pair: {pair_label(candidates[0])} (the only active pair)")
        return candidates[0]
    if ask is None:
        raise UsageProblem(_ambiguous(candidates, mentor, mentee))
    return ask_pair(ask, candidates)


def _pair_context(db, chosen) -> PairContext:
    from revmentor.store.goals import list_goals
    from revmentor.store.participants import get_participant
    from revmentor.store.program import load_program
    from revmentor.store.sessions import count_sessions

    program = load_program(db)
    mentee_person = get_participant(db, chosen.mentee)
    goals = list_goals(db, pair_ids=[chosen.id])
    return PairContext(
        pair=chosen,
        program=program,
        known_topics=[
            *chosen.shared_topics,
            *(mentee_person.learns if mentee_person else []),
            *program.topics,
        ],
        first_session=count_sessions(db, chosen.id) == 0,
        open_goals=[g for g in goals if g.done_on is None and g.dropped_on is None],
        has_goals=bool(goals),
    )


def _from_flags(values, context: PairContext, fit, goal_reached) -> SessionPlan:
    if values["minutes"] is None:
        values = {**values, "minutes": context.program.session_minutes}
    entry = _build(values, context)
    reached = _reached_by(_reached_from_flags(goal_reached, context), entry)
    return SessionPlan(entry, fit, reached)


def _reached_from_flags(goal_reached: list[str], context: PairContext):
    try:
        return reached_goals(";".join(goal_reached), context.open_goals)
    except InvalidInput as error:
        text = str(error).removeprefix("goal_reached: ")
        raise InvalidInput(f"Cannot log the session: --goal-reached {text}.") from None


def _reached_by(goals: list[StoredGoal], entry) -> list[StoredGoal]:
    try:
        return reached_in_session(goals, entry.date)
    except InvalidInput as error:
        raise InvalidInput(f"Cannot log the session: {error}.") from None


def _save_and_tell(store, chosen, plan: SessionPlan) -> None:
    from revmentor.render.sessions import session_logged
    from revmentor.store.goals import insert_goal, mark_reached
    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions import (
        count_sessions,
        insert_session,
        sessions_on,
        set_pair_fit,
    )

    added_goal = None
    with store.write():
        current = get_pair(store.db, chosen.id)
        if current is None or current.status != PAIR_ACTIVE:
            raise Conflict(
                f"The pair {pair_label(chosen)} was ended a moment ago; nothing saved."
            )
        same_day = sessions_on(store.db, chosen.id, plan.entry.date)
        session_id = insert_session(store.db, chosen.id, plan.entry)
        if plan.fit is not None:
            set_pair_fit(store.db, chosen.id, plan.fit, date.today())
        for goal in plan.reached:
            mark_reached(store.db, goal.id, plan.entry.date)
        if plan.goal is not None:
            added_goal = insert_goal(store.db, chosen.id, plan.goal)
        held = count_sessions(store.db, chosen.id)
    session_logged(
        session_id,
        pair_label(chosen),
        plan.entry,
        held,
        same_day=same_day,
        fit=plan.fit,
        reached=[g.id for g in plan.reached],
        added_goal=added_goal,
    )


# ---------------------------------------------------------------- choosing the pair


def candidate_pairs(db, pair: str | None, mentor: str | None, mentee: str | None):
    """The active pairs the flags allow: exactly one when they name a pair.

    Refuses with one sentence when the flags name no active pair.
    """
    from revmentor.store.pairs import list_pairs

    if pair is not None:
        return [_pair_by_id(db, pair)]
    people = _people_from_flags(db, mentor, mentee)
    matches = [
        p
        for p in list_pairs(db)
        if (MENTOR not in people or p.mentor == people[MENTOR].email)
        and (MENTEE not in people or p.mentee == people[MENTEE].email)
    ]
    if matches:
        return matches
    if not people:
        raise NotFound(
            "There are no active pairs to log a session for; "
            "run `revmentor pair` first."
        )
    raise InvalidInput(_no_active_pair(db, people))


def _pair_by_id(db, pair: str):
    from revmentor.store.pairs import get_pair

    pair_id = common.id_number(
        pair, f"--pair must be a pair's id number, not {pair!r}."
    )
    found = get_pair(db, pair_id)
    if found is None:
        raise NotFound(
            f"No pair #{pair_id}; name the pair with --mentor and --mentee instead."
        )
    if found.status != PAIR_ACTIVE:
        raise InvalidInput(_ended_sentence(found))
    return found


def _people_from_flags(db, mentor: str | None, mentee: str | None) -> dict:
    """{role: participant} for --mentor/--mentee, each checked to have that role."""
    from revmentor.store.participants import find_participant

    people = {}
    for role, email in ((MENTOR, mentor), (MENTEE, mentee)):
        if not email:
            continue
        person = find_participant(db, email)
        if person.role != role:
            other = "--mentee" if role == MENTOR else "--mentor"
            raise InvalidInput(
                f"{person.email} is a {person.role}, not a {role}; "
                f"give them with {other}."
            )
        people[role] = person
    return people


def _no_active_pair(db, people: dict) -> str:
    """Why the people named have no active pair, as one sentence."""
    from revmentor.store.pairs import list_pairs

    if len(people) == 2:
        mentor_p, mentee_p = people[MENTOR], people[MENTEE]
        ended = [
            p
            for p in list_pairs(db, include_ended=True, email=mentor_p.email)
            if p.mentee == mentee_p.email
        ]
        if ended:
            return _ended_sentence(ended[-1])
        return (
            f"{mentor_p.name} ({mentor_p.email}) and {mentee_p.name} "
            f"({mentee_p.email}) are not an active pair; "
            "see `revmentor pairs` for who is paired."
        )
    (person,) = people.values()
    history = list_pairs(db, include_ended=True, email=person.email)
    if history:
        last = max(history, key=lambda p: (p.ended_on or p.paired_on, p.id))
        other = last.mentee_name if person.role == MENTOR else last.mentor_name
        why = f": {last.end_reason}" if last.end_reason else ""
        return (
            f"{person.name} ({person.email}) has no active pair; their pair with "
            f"{other} ended on {last.ended_on}{why}."
        )
    return (
        f"{person.name} ({person.email}) has no active pair; "
        "see `revmentor pairs` for who is paired."
    )


def _ended_sentence(pair) -> str:
    why = f" ({pair.end_reason})" if pair.end_reason else ""
    return (
        f"The pair {pair_label(pair)} ended on {pair.ended_on}{why}; "
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
        notice(f"  Pair: {label}")
    return labels[label]


# ---------------------------------------------------------------- the answers


def _build(values: dict, context: PairContext) -> SessionEntry:
    try:
        return new_session(
            values,
            paired_on=context.pair.paired_on,
            today=date.today(),
            known_topics=context.known_topics,
        )
    except InvalidInput as error:
        raise InvalidInput(f"Cannot log the session: {error}.") from None


def _ask(ask, values, context: PairContext, fit, goal_reached) -> SessionPlan | None:
    """Ask every question whose answer was not given as a flag.

    Returns the plan, or None when the summary is not confirmed.
    """
    answers = dict(values)
    _ask_session_fields(ask, answers, context)
    if fit is None and context.first_session:
        fit = _ask_fit(ask)
    entry = _build(answers, context)
    reached = _reached_by(
        _reached_from_flags(goal_reached, context)
        if goal_reached
        else _ask_reached(ask, context, entry.date),
        entry,
    )
    goal = (
        _ask_new_goal(ask, context)
        if context.first_session and not context.has_goals
        else None
    )
    from revmentor.render.sessions import session_summary

    session_summary(pair_label(context.pair), entry, fit)
    if not ask.confirm("Save this session?", default=True):
        return None
    return SessionPlan(entry, fit, reached, goal)


def _ask_session_fields(ask, answers: dict, context: PairContext) -> None:
    """Date, minutes, topics, notes and both ratings, unless given as flags."""
    from revmentor.prompts import validator

    today = date.today()
    pair = context.pair
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
            default=str(context.program.session_minutes),
            validate=validator(parse_minutes),
        )
    if answers["topics"] is None:
        answers["topics"] = _ask_topics(ask, context.known_topics)
    if answers["notes"] is None:
        answers["notes"] = _ask_notes(ask)
    for key, name, role in (
        ("mentor_rating", pair.mentor_name, MENTOR),
        ("mentee_rating", pair.mentee_name, MENTEE),
    ):
        if answers[key] is None:
            answers[key] = ask.text(
                f"How did {name} ({role}) rate the session, 1-5?",
                validate=validator(
                    lambda text, role=role: parse_rating(text, f"the {role}'s rating")
                ),
                instruction="(optional)",
            )


def _ask_topics(ask, known: Sequence[str]) -> list[str]:
    choices = topic_choices(known)
    picked = ask.checkbox("Topics covered:", choices) if choices else []
    extra = ask.text(
        "Other topics (comma-separated):"
        if choices
        else "Topics covered (comma-separated):",
        instruction="(optional)",
    )
    return picked + validation.parse_topics(extra)


def _ask_fit(ask) -> str | None:
    picked = ask.select(
        "After this first session, is the pairing a good fit?",
        [
            (FIT_GOOD, "Yes, a good fit"),
            (FIT_UNSURE, "Not sure yet"),
            (FIT_POOR, "No, not a good fit"),
            ("skip", "Skip for now (`revmentor pairs fit` records it later)"),
        ],
    )
    return None if picked == "skip" else picked


def _ask_reached(ask, context: PairContext, day: date) -> list[StoredGoal]:
    """Which of the pair's open goals, set by the session's ``day``, it reached
    (nothing asked when there are none)."""
    goals = [g for g in context.open_goals if g.created_on <= day]
    if not goals:
        return []
    by_label = {f"#{g.id} {g.text}": g for g in goals}
    picked = ask.checkbox("Did the pair reach any of its goals?", list(by_label))
    return [by_label[label] for label in picked]


def _ask_new_goal(ask, context: PairContext) -> GoalEntry | None:
    """After the first session, offer to write down what the pair set out to do."""
    from revmentor.prompts import validator

    pair = context.pair
    today = date.today()

    def goal_from(text: str, due: str = "") -> GoalEntry:
        return new_goal(
            {"text": text, "due": due or None}, paired_on=pair.paired_on, today=today
        )

    text = ask.text(
        "A goal the pair set out to do, e.g. Post weekly on LinkedIn:",
        instruction="(optional, private like notes)",
        validate=validator(lambda answer: answer.strip() and goal_from(answer)),
    )
    if not text.strip():
        return None
    due = ask.text(
        "Due date (YYYY-MM-DD):",
        instruction="(optional)",
        validate=validator(lambda answer: goal_from(text, answer)),
    )
    return goal_from(text, due)


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
