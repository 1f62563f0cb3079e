"""`revmentor log`: record a session, by prompts or by flags."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.domain.models import MENTEE, MENTOR, PAIR_ACTIVE, Fit
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.errors import Conflict, InvalidInput, NotFound, UsageProblem
from revmentor.prompts import get_prompter, pair_label, pair_labels, validator
from revmentor.render.sessions import notice

if TYPE_CHECKING:  # the records load pydantic, which `revmentor --help` need not
    from revmentor.domain.sessions import goals as goal_rules
    from revmentor.domain.sessions import sessions as session_rules

CANNOT = "Cannot log the session"


@dataclass
class PairContext:
    """What the questions about one pair's session need to know."""

    pair: StoredPair
    minutes: int
    known_topics: list[str]
    first_session: bool
    open_goals: list[goal_rules.StoredGoal]
    has_goals: bool


def log_command(
    ctx: typer.Context,
    pair: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="The pair's id number, instead of --mentor/--mentee; e.g. --pair 3.",
        ),
    ] = None,
    mentor: common_bulk.Mentor = None,
    mentee: common_bulk.Mentee = None,
    day: common_bulk.DayOption = None,
    minutes: common_bulk.Minutes = None,
    topics: common_bulk.Topics = None,
    notes: common_bulk.Notes = None,
    mentor_rating: common_bulk.MentorRating = None,
    mentee_rating: common_bulk.MenteeRating = None,
    fit: Annotated[
        Fit | None,
        typer.Option(
            case_sensitive=False,
            help="Is the pairing a good fit? Asked after the first session; "
            "`revmentor pair --rematch` re-pairs the poor ones. E.g. --fit good.",
        ),
    ] = None,
    goal_reached: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID",
            help="A goal of the pair reached in this session (repeat for several), "
            "as numbered by `revmentor goals`, e.g. --goal-reached 3.",
        ),
    ] = None,
    no_input: common.NoInputOption = False,
    from_file: common_bulk.FromFile = None,
    sheet: common.Sheet = None,
    columns: common.ColumnMap = None,
    date_format: common.DateFormat = None,
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
    from revmentor.domain.sessions import sessions as session_rules

    answers = (day, minutes, topics, notes, mentor_rating, mentee_rating)
    values = dict[str, object](zip(common_bulk.SESSION_KEYS, answers, strict=True))
    flags = {f"--{k.replace('_', '-')}": v for k, v in values.items()}
    flags.update({"--pair": pair, "--mentor": mentor, "--mentee": mentee})
    flags.update({"--fit": fit, "--goal-reached": goal_reached})
    bulk = common_bulk.FileOptions(
        from_file, sheet, columns, date_format, skip_invalid, dry_run
    )
    if common_bulk.file_options(bulk, flags):
        return common_bulk.log_from_file(ctx, bulk)
    interactive = not no_input and common.stdin_is_interactive()
    if pair is not None and (mentor or mentee):
        raise UsageProblem("Give either --pair or --mentor/--mentee, not both.")
    if not interactive and pair is None and not mentor and not mentee:
        raise UsageProblem(
            "Missing --mentor and --mentee (or --pair): name the pair as flags "
            "when not running in a terminal."
        )
    with common.refusing(CANNOT):  # refused before any question is asked
        if minutes is not None:
            session_rules.parse_minutes(minutes)
        session_rules.parse_rating(mentor_rating, "mentor")
        session_rules.parse_rating(mentee_rating, "mentee")
    if notes == "-":
        values["notes"] = sys.stdin.read()
    store = common.open_for_reading(ctx)
    ask = get_prompter() if interactive else None
    context = _pair_context(store.db, _choose_pair(store.db, ask, pair, mentor, mentee))
    if ask is None:
        values["minutes"] = values["minutes"] or context.minutes
        entry = _build(values, context)
        reached = _reached(goal_reached or [], context, entry.date)
        _save_and_tell(store, context.pair, entry, fit, reached)
    else:
        _save_and_tell(
            store, context.pair, *_ask(ask, values, context, fit, goal_reached)
        )


def _choose_pair(db, ask, pair, mentor, mentee):
    """The pair the flags name, or the one picked from a list."""
    from revmentor.store.sessions.sessions import find_pairs

    why = "sessions can only be logged for active pairs"
    candidates = find_pairs(db, pair=pair, mentor=mentor, mentee=mentee, why=why)
    if not candidates:
        raise NotFound(
            "There are no active pairs to log a session for; "
            "run `revmentor pair` first."
        )
    if len(candidates) == 1:
        if ask is not None and pair is None and not mentor and not mentee:
            notice(f"  Pair: {pair_label(candidates[0])} (the only active pair)")
        return candidates[0]
    if ask is None:
        given, missing = (
            ("--mentor", "--mentee") if mentor else ("--mentee", "--mentor")
        )
        person = candidates[0].mentor if mentor else candidates[0].mentee
        others = ", ".join(p.mentee if mentor else p.mentor for p in candidates)
        raise UsageProblem(
            f"{person} ({given}) has {len(candidates)} active pairs (with {others}); "
            f"add {missing} to choose one."
        )
    return common_bulk.pick(
        ask,
        "Which pair met? (type part of either name, Tab lists them)",
        pair_labels(candidates),
    )


def _pair_context(db, chosen) -> PairContext:
    from revmentor.store.program import load_program
    from revmentor.store.sessions.goals import list_goals
    from revmentor.store.sessions.sessions import count_sessions

    program = load_program(db)
    goals = list_goals(db, pair_ids=[chosen.id])
    return PairContext(
        pair=chosen,
        minutes=program.session_minutes,
        known_topics=common_bulk.session_topics(db)(chosen),
        first_session=count_sessions(db, chosen.id) == 0,
        open_goals=[g for g in goals if g.done_on is None and g.dropped_on is None],
        has_goals=bool(goals),
    )


def _build(values: dict, context: PairContext) -> session_rules.SessionEntry:
    from revmentor.domain.sessions import sessions as session_rules

    with common.refusing(CANNOT):
        return session_rules.new_session(
            values,
            paired_on=context.pair.paired_on,
            today=date.today(),
            known_topics=context.known_topics,
        )


def _reached(
    named: list[str], context: PairContext, day: date
) -> list[goal_rules.StoredGoal]:
    """The goals --goal-reached names, by the rules of `goals done`."""
    from revmentor.domain.sessions import goals as goal_rules

    try:
        goals = goal_rules.reached_goals(";".join(named), context.open_goals)
    except InvalidInput as error:
        text = str(error).removeprefix("goal_reached: ")
        raise InvalidInput(f"{CANNOT}: --goal-reached {text}.") from None
    with common.refusing(CANNOT):
        return goal_rules.reached_in_session(goals, day)


def _save_and_tell(store, chosen, entry, fit, reached, goal=None) -> None:
    """Save the session and what it did (checked, all of it or nothing), and say so."""
    from revmentor.render.sessions import session_logged
    from revmentor.store.pairs import get_pair
    from revmentor.store.sessions import sessions as stored
    from revmentor.store.sessions.goals import insert_goal, mark_reached

    added_goal = None
    with store.write():
        current = get_pair(store.db, chosen.id)
        if current is None or current.status != PAIR_ACTIVE:
            raise Conflict(
                f"The pair {pair_label(chosen)} was ended a moment ago; nothing saved."
            )
        same_day = stored.sessions_on(store.db, chosen.id, entry.date)
        session_id = stored.insert_session(store.db, chosen.id, entry)
        if fit is not None:
            stored.set_pair_fit(store.db, chosen.id, fit, date.today())
        for done in reached:
            mark_reached(store.db, done.id, entry.date)
        if goal is not None:
            added_goal = insert_goal(store.db, chosen.id, goal)
        held = stored.count_sessions(store.db, chosen.id)
    session_logged(
        session_id,
        pair_label(chosen),
        entry,
        held,
        same_day=same_day,
        fit=fit,
        reached=[g.id for g in reached],
        added_goal=added_goal,
    )


# ---------------------------------------------------------------- the questions


def _ask(ask, answers: dict, context: PairContext, fit, goal_reached) -> tuple:
    """Ask every question whose answer was not given as a flag: the session,
    fit, goals reached and a new goal; exits when the summary is not confirmed."""
    from revmentor.domain.sessions import sessions as session_rules
    from revmentor.render.sessions import session_summary

    pair, today = context.pair, date.today()
    if answers["date"] is None:
        answers["date"] = ask.text(
            "Date of the session (YYYY-MM-DD):",
            default=today.isoformat(),
            validate=validator(
                lambda text: session_rules.day_in_pair(
                    text, paired_on=pair.paired_on, today=today
                )
            ),
        )
    if answers["minutes"] is None:
        answers["minutes"] = ask.text(
            "How many minutes?",
            default=str(context.minutes),
            validate=validator(session_rules.parse_minutes),
        )
    if answers["topics"] is None:
        choices = session_rules.topic_choices(context.known_topics)
        answers["topics"] = ask.topics("Topics covered:", choices)
    if answers["notes"] is None:
        answers["notes"] = _ask_notes(ask)
    for key, name, role in (
        ("mentor_rating", pair.mentor_name, MENTOR),
        ("mentee_rating", pair.mentee_name, MENTEE),
    ):
        if answers[key] is None:
            answers[key] = ask.text(
                f"How did {name} ({role}) rate the session, 1-5?",
                validate=validator(partial(session_rules.parse_rating, role=role)),
                instruction="(optional)",
            )
    if fit is None and context.first_session:
        fit = _ask_fit(ask)
    entry = _build(answers, context)
    if goal_reached:
        reached = _reached(goal_reached, context, entry.date)
    else:
        reached = _ask_reached(ask, context, entry.date)
    goal = None
    if context.first_session and not context.has_goals:
        goal = _ask_new_goal(ask, context)
    session_summary(pair_label(pair), entry, fit)
    common.confirm_or_stop(ask, "Save this session?")
    return entry, fit, reached, goal


def _ask_fit(ask) -> Fit | None:
    picked = ask.select(
        "After this first session, is the pairing a good fit?",
        [
            (Fit.good, "Yes, a good fit"),
            (Fit.unsure, "Not sure yet"),
            (Fit.poor, "No, not a good fit"),
            ("skip", "Skip for now (`revmentor pairs fit` records it later)"),
        ],
    )
    return None if picked == "skip" else Fit(picked)


def _ask_reached(ask, context: PairContext, day: date) -> list[goal_rules.StoredGoal]:
    """Which of the pair's open goals, set by the session's ``day``, it reached
    (nothing asked when there are none)."""
    from revmentor.domain.sessions import goals as goal_rules

    goals = [g for g in context.open_goals if g.created_on <= day]
    if not goals:
        return []
    by_label = {f"#{g.id} {g.text}": g for g in goals}
    picked = ask.checkbox("Did the pair reach any of its goals?", list(by_label))
    with common.refusing(CANNOT):
        return goal_rules.reached_in_session([by_label[label] for label in picked], day)


def _ask_new_goal(ask, context: PairContext) -> goal_rules.GoalEntry | None:
    """After the first session, offer to write down what the pair set out to do."""
    from revmentor.domain.sessions import goals as goal_rules

    paired_on, today = context.pair.paired_on, date.today()

    def goal_from(text: str, due: str = "") -> goal_rules.GoalEntry:
        values = {"text": text, "due": due or None}
        return goal_rules.new_goal(values, paired_on=paired_on, today=today)

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


def _ask_notes(ask) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        how = ask.select(
            "Private notes:",
            [
                ("editor", f"Write them in {editor}"),
                ("here", "Type them here"),
                ("none", "No notes"),
            ],
        )
        if how == "none":
            return ""
        if how == "editor":
            import click

            from revmentor.render.console import warn

            try:  # a private temporary file (mode 600), removed afterwards
                return str(
                    click.edit(editor=editor, extension=".md", require_save=False)
                )
            except click.ClickException as error:
                # Keep the answers given so far: say why, then ask here instead.
                warn(f"Cannot use the editor ({error}); type the notes here instead.")
    return ask.text(
        "Private notes:",
        multiline=True,
        instruction="(optional, only shown with --include-notes; "
        "finish with Esc then Enter)\n>",
    )
