"""`revmentor log`: record a session, by prompts or by flags."""

from __future__ import annotations

import os
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from revmentor.commands import common, common_bulk
from revmentor.domain.models import MENTEE, MENTOR, Fit
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.text import plural
from revmentor.errors import UsageProblem
from revmentor.prompts import OPTIONAL, pair_label, pair_labels, validator
from revmentor.render.console import say
from revmentor.render.sessions import session_logged, session_summary

if TYPE_CHECKING:  # the library loads pydantic, which `revmentor --help` need not
    from revmentor.library.sessions import SessionContext


def log_command(
    ctx: typer.Context,
    pair: common.PairOption = None,
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
    sheet: Annotated[str | None, common.sheet_option("Sessions")] = None,
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

    With --from, answers about the same pair and day (both of the pair answered
    the form, in one file or several) are one session: each rating from the
    answer of the person it rates (a participant column says who answered),
    minutes and topics merged (where they differ, it says so), notes kept apart.

    Examples:

    \b
      revmentor log
      revmentor log --mentor ana.ruiz@example.com --mentee dana.lee@example.com \\
        --date 2027-01-20 --minutes 45 --topics TikTok --mentee-rating 5 --no-input
      revmentor log --pair 3 --goal-reached 7 --no-input
      revmentor log --from responses.csv --date-format MM/DD/YYYY --dry-run
    """
    answers = (day, minutes, topics, notes, mentor_rating, mentee_rating)
    values = dict[str, object](zip(common_bulk.SESSION_KEYS, answers, strict=True))
    if bulk := common_bulk.file_options(ctx, locals()):
        table, options = bulk.read()
        rows = common.open_for_reading(ctx).log_sessions_from(table, **options)
        done = sum(len(made.reached) for made in [*rows.added, *rows.joined])
        also = [plural(done, "goal") + " reached"] if done else []
        if rows.merged:  # both of a pair answered about one meeting
            also.append(f"{plural(rows.merged, 'answer')} joined another's session")
        for disagreement in rows.disagreements:
            say(f"The answers differ: {disagreement}.")
        return common_bulk.say_done(rows, bulk, "session", "logged", also)
    named = pair is not None or bool(mentor or mentee)
    if pair is not None and (mentor or mentee):
        raise UsageProblem("Give either --pair or --mentor/--mentee, not both.")
    missing = [] if named else ["--mentor and --mentee (or --pair)"]
    ask = common.prompter(no_input, missing, "name the pair as flags")
    program = common.open_for_reading(ctx)
    candidates = program.pairs_to_log(pair=pair, mentor=mentor, mentee=mentee, day=day)
    context = program.session_context(_choose_pair(ask, candidates, named, mentor))
    reached, goal = goal_reached or [], None
    if ask is not None:
        fit, reached, goal = _ask(ask, values, context, fit, reached)
    logged = program.log_session(
        context.pair, values, fit=fit, goals_reached=reached, goal=goal
    )
    session_logged(logged, pair_label(context.pair), fit)


def _choose_pair(ask, candidates: list[StoredPair], named: bool, mentor) -> StoredPair:
    """The pair the flags name, or the one picked from a list."""
    if len(candidates) == 1:
        if ask is not None and not named:
            say(f"  Pair: {pair_label(candidates[0])} (the only active pair)")
        return candidates[0]
    if ask is None:
        side, other = ("mentor", "mentee") if mentor else ("mentee", "mentor")
        person = getattr(candidates[0], side)
        others = ", ".join(getattr(p, other) for p in candidates)
        raise UsageProblem(
            f"{person} (--{side}) has {len(candidates)} active pairs (with "
            f"{others}); add --{other} to choose one."
        )
    return common_bulk.pick(
        ask,
        "Which pair met? (type part of either name, Tab lists them)",
        pair_labels(candidates),
    )


# ---------------------------------------------------------------- the questions


def _ask(ask, answers: dict, context: SessionContext, fit, goal_reached) -> tuple:
    """Ask every question whose answer was not given as a flag: the session,
    fit, goals reached and a new goal; exits when the summary is not confirmed."""
    from revmentor.domain.sessions import sessions as session_rules

    pair, today = context.pair, date.today()
    last = min(today, pair.ended_on or today)  # an ended pair's session is earlier
    for key, question, default, parse in (
        ("date", "Date of the session (YYYY-MM-DD):", last, context.day),
        ("minutes", "How many minutes?", context.minutes, session_rules.parse_minutes),
    ):
        if answers[key] is None:
            check = validator(parse)
            answers[key] = ask.text(question, default=str(default), validate=check)
    if answers["topics"] is None:
        choices = session_rules.topic_choices(context.known_topics)
        answers["topics"] = ask.topics("Topics covered:", choices)
    if answers["notes"] is None:
        answers["notes"] = _ask_notes(ask)
    for role in (MENTOR, MENTEE):
        if answers[f"{role}_rating"] is None:
            name = getattr(pair, f"{role}_name")
            answers[f"{role}_rating"] = ask.text(
                f"How did {name} ({role}) rate the session, 1-5?",
                validate=validator(partial(session_rules.parse_rating, role=role)),
                **OPTIONAL,
            )
    if fit is None and context.first_session:
        fit = _ask_fit(ask)
    entry = context.entry(answers)
    if goal_reached:
        context.reached(goal_reached, entry.date)  # refused before the summary
    else:
        goal_reached = _ask_reached(ask, context, entry.date)
    first_goal = context.first_session and not context.has_goals
    goal = _ask_new_goal(ask, context) if first_goal else None
    session_summary(pair_label(pair), entry, fit)
    common.confirm_or_stop(ask, "Save this session?")
    return fit, goal_reached, goal


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


def _ask_reached(ask, context: SessionContext, day: date) -> list[str]:
    """The numbers of the pair's open goals, set by the session's ``day``, that
    it reached (nothing asked when there are none)."""
    goals = [goal for goal in context.open_goals if goal.created_on <= day]
    by_label = {f"#{g.id} {g.text}": str(g.id) for g in goals}
    if not by_label:
        return []
    picked = ask.checkbox("Did the pair reach any of its goals?", list(by_label))
    return [by_label[label] for label in picked]


def _ask_new_goal(ask, context: SessionContext):
    """After the first session, offer to write down what the pair set out to do."""
    text = ask.text(
        "A goal the pair set out to do, e.g. Post weekly on LinkedIn:",
        instruction="(optional, private like notes)",
        validate=validator(lambda answer: answer.strip() and context.goal(answer)),
    )
    if not text.strip():
        return None
    due = ask.text(
        "Due date (YYYY-MM-DD):",
        instruction="(optional)",
        validate=validator(lambda answer: context.goal(text, answer)),
    )
    return context.goal(text, due)


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

            try:  # a private temporary file (mode 600), removed afterwards
                text = click.edit(editor=editor, extension=".md", require_save=False)
                return str(text)
            except click.ClickException as error:
                # Keep the answers given so far: say why, then ask here instead.
                say(f"Cannot use the editor ({error}); type the notes here instead.")
    return ask.text(
        "Private notes:",
        multiline=True,
        instruction="(optional, only shown with --include-notes; "
        "finish with Esc then Enter)\n>",
    )
