"""Reminders: which pairs and people to nudge on a day, and what to tell them.

A pair reminder goes to a pair that is behind or stalled, judged by the same
rule the report uses (domain/progress.py). A check-in reminder goes to a person
whose current check-in (baseline, midpoint or final) is due and not yet done.
Messages say what is so and what to do next; they carry no notes, ratings,
fit answers, private attributes or pairing reasons.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from revmentor.domain import progress as rules
from revmentor.domain.checkins import checkin_questions
from revmentor.domain.messages import (
    Kind,
    Message,
    Section,
    first_name,
    first_names,
    pair_stem,
    person_stem,
)
from revmentor.domain.models import Participant, Program
from revmentor.domain.pairs import StoredPair


class RemindStatus(StrEnum):
    """The statuses a pair is reminded in (both unless one is chosen)."""

    behind = rules.BEHIND
    stalled = rules.STALLED


_PHASE_WHY = {
    "baseline": "at the start of your pairing, so the program can see what changes",
    "midpoint": "halfway through the program",
    "final": "at the end of the program, to compare with where you started",
}


def _answer_by(as_of: date, program: Program) -> date:
    return as_of + timedelta(days=max(1, program.cadence_days // 2))


def pair_reminders(
    activity: list[tuple[StoredPair, int, date | None]],
    program: Program,
    as_of: date,
    statuses: tuple[str, ...],
) -> list[Message]:
    """A reminder for each pair (with its sessions held and the last one's
    day) whose status on ``as_of`` is one of ``statuses``."""
    messages = []
    for pair, held, last_session in activity:
        state = rules.progress(
            paired_on=pair.paired_on,
            as_of=as_of,
            cadence_days=program.cadence_days,
            held=held,
            last_session=last_session,
        )
        if state.status in statuses:
            messages.append(_pair_reminder(pair, state, program, as_of))
    return messages


def _pair_reminder(
    pair: StoredPair, state: rules.Progress, program: Program, as_of: date
) -> Message:
    mentor, mentee = first_names(pair)
    record = (
        f"After the session, record it here: {program.session_form_url}"
        if program.session_form_url
        else "After the session, tell your coordinator so it can be recorded."
    )
    steps = [
        f"Book your next session before {_answer_by(as_of, program)}: about {program.session_minutes} minutes is enough.",
        record,
    ]
    if state.status == rules.STALLED:
        since = (
            "you last met"
            if state.last_session
            else "you were paired, and you have not met yet"
        )
        situation = f"It has been {state.days_since_contact} days since {since}: more than twice the program's rhythm of a session every {program.cadence_days} days."
        subject = f"{program.name}: time to meet again, {mentor} and {mentee}"
        steps.append(
            "If the timing no longer works for one of you, tell your coordinator: a pause or a new partner can be arranged."
        )
    else:
        situation = f"You have held {state.held} of the {state.expected} sessions expected by now: {state.expected - state.held} behind the program's rhythm."
        subject = f"{program.name}: catching up on sessions, {mentor} and {mentee}"
    last = state.last_session
    fields = (
        ("Sessions held", f"{state.held} of {state.expected} expected by {as_of}"),
        (
            "Last session",
            f"{last} ({state.days_since_contact} days ago)"
            if last
            else f"none yet (you were paired on {pair.paired_on})",
        ),
        (
            "Cadence",
            f"a session every {program.cadence_days} days, about {program.session_minutes} minutes each",
        ),
    )
    return Message(
        kind=Kind.remind,
        subject=subject,
        to=(pair.mentor, pair.mentee),
        sections=(
            Section(paragraphs=(f"Hello {mentor} and {mentee},", situation)),
            Section(heading="Where you are", fields=fields),
            Section(heading="What to do next", steps=tuple(steps)),
        ),
        file_stem="remind-" + pair_stem(pair.mentor, pair.mentee),
        pair_id=pair.id,
        facts={
            "pair_id": pair.id,
            "mentor": pair.mentor,
            "mentee": pair.mentee,
            "status": state.status,
            "held": state.held,
            "expected": state.expected,
            "last_session": last and last.isoformat(),
            "as_of": as_of.isoformat(),
        },
    )


def checkin_reminders(
    people: list[tuple[Participant, date, set[str]]], program: Program, as_of: date
) -> list[Message]:
    """A reminder for each person (with the day they were paired and the
    check-in phases they did) whose current check-in is due and not done.

    Baseline is due from pairing, midpoint at half the program's length, final
    at its end (the program runs from its start, or from the person's pairing
    when it has none); each is overdue one cadence after it fell due.
    """
    messages = []
    length = timedelta(weeks=program.length_weeks)
    for person, paired_on, done in people:
        start = program.start or paired_on
        due = {
            "baseline": paired_on,
            "midpoint": start + length / 2,
            "final": start + length,
        }
        fallen = [phase for phase, day in due.items() if day <= as_of]
        if not fallen or fallen[-1] in done:
            continue
        phase, due_on = fallen[-1], due[fallen[-1]]
        topics = [topic for topic, _ in checkin_questions(person)]
        overdue = as_of > due_on + timedelta(days=program.cadence_days)
        when = (
            f"It was due on {due_on} and is now overdue."
            if overdue
            else f"It is due now (from {due_on})."
        )
        how = (
            f"Answer the check-in here: {program.checkin_form_url}"
            if program.checkin_form_url
            else "Send your scores to your coordinator, who records them."
        )
        sections = (
            Section(
                paragraphs=(
                    f"Hello {first_name(person.name)},",
                    f"It is time for your {phase} check-in, {_PHASE_WHY[phase]}. {when}",
                )
            ),
            Section(
                heading="What to rate",
                paragraphs=(
                    "For each topic, how confident are you today, from 1 (not at all) to 5 (fully)?",
                ),
                bullets=tuple(topics) or ("The topics you work on in your sessions",),
            ),
            Section(
                heading="What to do next",
                steps=(
                    how,
                    f"It takes about five minutes; please answer before {_answer_by(as_of, program)}.",
                ),
            ),
        )
        messages.append(
            Message(
                kind=Kind.checkin_reminder,
                subject=f"{program.name}: your {phase} check-in",
                to=(person.email,),
                sections=sections,
                file_stem=f"checkin-{person_stem(person.email)}",
                participant=person.email,
                facts={
                    "participant": person.email,
                    "phase": phase,
                    "due_on": due_on.isoformat(),
                    "overdue": overdue,
                    "topics": topics,
                    "as_of": as_of.isoformat(),
                },
            )
        )
    return messages
