"""Reminders: which pairs and people to nudge on a day, and what to tell them.

A pair reminder goes to a pair that is behind or stalled, judged by the same
rule the report uses (domain/progress.py). A check-in reminder goes to a person
whose current check-in (baseline, midpoint or final) is due and not yet done.
Messages say what is so and what to do next; they carry no notes, ratings,
fit answers, private attributes or pairing reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from revmentor.domain import progress as rules
from revmentor.domain.checkins import checkin_questions
from revmentor.domain.intro import PairView
from revmentor.domain.messages import (
    CHECKIN_REMINDER,
    REMIND,
    Letter,
    Message,
    RecordedMessage,
    Section,
    first_name,
    pair_stem,
    person_stem,
    reminded_recently,
)
from revmentor.domain.models import Participant, Program
from revmentor.errors import InvalidInput

REMINDABLE = (rules.BEHIND, rules.STALLED)


@dataclass(frozen=True)
class PairActivity:
    pair: PairView
    held: int
    last_session: date | None
    ended: bool = False
    ended_on: date | None = None


@dataclass(frozen=True)
class PersonCheckins:
    person: Participant
    paired_on: date
    phases_done: frozenset[str]


@dataclass(frozen=True)
class CheckinDue:
    phase: str
    due_on: date
    overdue: bool


def parse_statuses(text: str | None) -> tuple[str, ...]:
    """``behind,stalled`` → the statuses to remind; both when not given."""
    if text is None or not text.strip():
        return REMINDABLE
    chosen: list[str] = []
    for part in text.split(","):
        status = rules.parse_status(part.strip())
        if status not in REMINDABLE:
            raise InvalidInput(
                f"--status takes behind and/or stalled (e.g. --status stalled), "
                f"not {part.strip()!r}"
            )
        if status not in chosen:
            chosen.append(status)
    return tuple(chosen)


def pair_progress(activity: PairActivity, program: Program, as_of: date):
    """The pair's Progress on ``as_of``, exactly as the report computes it."""
    return rules.progress(
        paired_on=activity.pair.paired_on,
        as_of=as_of,
        cadence_days=program.cadence_days,
        held=activity.held,
        last_session=activity.last_session,
        ended=activity.ended,
        ended_on=activity.ended_on,
    )


def pair_reminders(
    activities: list[PairActivity],
    program: Program,
    *,
    as_of: date,
    statuses: tuple[str, ...],
    earlier: dict[int, list[RecordedMessage]],
    again: bool,
) -> tuple[list[Message], int]:
    """(reminders to give, how many pairs were skipped as reminded recently)."""
    messages: list[Message] = []
    skipped = 0
    for activity in activities:
        state = pair_progress(activity, program, as_of)
        if state.status not in statuses:
            continue
        if not again and reminded_recently(
            earlier.get(activity.pair.id, []), as_of, program.cadence_days
        ):
            skipped += 1
            continue
        messages.append(pair_reminder(activity, state, program, as_of))
    return messages, skipped


def _next_step_by(as_of: date, program: Program) -> date:
    return as_of + timedelta(days=max(1, program.cadence_days // 2))


def _where_the_pair_stands(
    state: rules.Progress, program: Program, both: str
) -> tuple[str, str]:
    """(subject, the sentence on how far behind they are) for a stalled or a
    behind pair; ``both`` is "Ana and Dana"."""
    if state.status == rules.STALLED:
        since = (
            "you last met"
            if state.last_session
            else "you were paired, and you have not met yet"
        )
        situation = (
            f"It has been {state.days_since_contact} days since {since}: more "
            f"than twice the program's rhythm of a session every "
            f"{program.cadence_days} days."
        )
        return f"{program.name}: time to meet again, {both}", situation
    missing = state.expected - state.held
    situation = (
        f"You have held {state.held} of the {state.expected} sessions expected "
        f"by now: {missing} behind the program's rhythm."
    )
    return f"{program.name}: catching up on sessions, {both}", situation


def pair_reminder(
    activity: PairActivity, state: rules.Progress, program: Program, as_of: date
) -> Message:
    pair = activity.pair
    mentor_first, mentee_first = (
        first_name(pair.mentor_name),
        first_name(pair.mentee_name),
    )
    if state.last_session is None:
        last = f"none yet (you were paired on {pair.paired_on})"
    else:
        last = f"{state.last_session} ({state.days_since_contact} days ago)"
    subject, situation = _where_the_pair_stands(
        state, program, f"{mentor_first} and {mentee_first}"
    )
    steps = [
        f"Book your next session before {_next_step_by(as_of, program)}: about "
        f"{program.session_minutes} minutes is enough.",
        _record_step(program),
    ]
    if state.status == rules.STALLED:
        steps.append(
            "If the timing no longer works for one of you, tell your coordinator: "
            "a pause or a new partner can be arranged."
        )
    sections = (
        Section(paragraphs=(f"Hello {mentor_first} and {mentee_first},", situation)),
        Section(
            heading="Where you are",
            fields=(
                (
                    "Sessions held",
                    f"{state.held} of {state.expected} expected by {as_of}",
                ),
                ("Last session", last),
                (
                    "Cadence",
                    f"a session every {program.cadence_days} days, about "
                    f"{program.session_minutes} minutes each",
                ),
            ),
        ),
        Section(heading="What to do next", steps=tuple(steps)),
    )
    return Message(
        kind=REMIND,
        subject=subject,
        to=(pair.mentor, pair.mentee),
        letter=Letter(title=subject, sections=sections),
        file_stem="remind-" + pair_stem(pair.mentor, pair.mentee),
        pair_id=pair.id,
        facts=_pair_facts(activity, state, as_of),
    )


def _pair_facts(
    activity: PairActivity, state: rules.Progress, as_of: date
) -> dict[str, object]:
    """What a reminder records about the pair it went to."""
    pair = activity.pair
    return {
        "pair_id": pair.id,
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "status": state.status,
        "held": state.held,
        "expected": state.expected,
        "last_session": state.last_session.isoformat() if state.last_session else None,
        "as_of": as_of.isoformat(),
    }


def _record_step(program: Program) -> str:
    if program.session_form_url:
        return f"After the session, record it here: {program.session_form_url}"
    return "After the session, tell your coordinator so it can be recorded."


# ---------------------------------------------------------------- check-ins

_PHASE_WHY = {
    "baseline": "at the start of your pairing, so the program can see what changes",
    "midpoint": "halfway through the program",
    "final": "at the end of the program, to compare with where you started",
}


def checkin_due(
    item: PersonCheckins, program: Program, as_of: date
) -> CheckinDue | None:
    """The person's current check-in phase when it is due and not done.

    Baseline is due from pairing, midpoint at half the program's length, final
    at its end (the program runs from its start, or from the person's pairing
    when it has none); each is overdue one cadence after it fell due.
    """
    start = program.start or item.paired_on
    length = timedelta(weeks=program.length_weeks)
    due_dates = {
        "baseline": item.paired_on,
        "midpoint": start + length / 2,
        "final": start + length,
    }
    current = None
    for phase in ("baseline", "midpoint", "final"):
        if due_dates[phase] <= as_of:
            current = phase
    if current is None or current in item.phases_done:
        return None
    due_on = due_dates[current]
    return CheckinDue(
        phase=current,
        due_on=due_on,
        overdue=as_of > due_on + timedelta(days=program.cadence_days),
    )


def checkin_reminders(
    people: list[PersonCheckins],
    program: Program,
    *,
    as_of: date,
    earlier: dict[str, list[RecordedMessage]],
    again: bool,
) -> tuple[list[Message], int]:
    messages: list[Message] = []
    skipped = 0
    for item in people:
        due = checkin_due(item, program, as_of)
        if due is None:
            continue
        if not again and reminded_recently(
            earlier.get(item.person.email.lower(), []), as_of, program.cadence_days
        ):
            skipped += 1
            continue
        messages.append(checkin_reminder(item.person, due, program, as_of))
    return messages, skipped


def checkin_reminder(
    person: Participant, due: CheckinDue, program: Program, as_of: date
) -> Message:
    first = first_name(person.name)
    topics = [topic for topic, _ in checkin_questions(person)]
    when = (
        f"It was due on {due.due_on} and is now overdue."
        if due.overdue
        else f"It is due now (from {due.due_on})."
    )
    if program.checkin_form_url:
        how = f"Answer the check-in here: {program.checkin_form_url}"
    else:
        how = "Send your scores to your coordinator, who records them."
    subject = f"{program.name}: your {due.phase} check-in"
    sections = [
        Section(
            paragraphs=(
                f"Hello {first},",
                f"It is time for your {due.phase} check-in, "
                f"{_PHASE_WHY[due.phase]}. {when}",
            )
        ),
        Section(
            heading="What to rate",
            paragraphs=(
                "For each topic, how confident are you today, from 1 (not at all) "
                "to 5 (fully)?",
            ),
            bullets=tuple(topics) or ("The topics you work on in your sessions",),
        ),
        Section(
            heading="What to do next",
            steps=(
                how,
                f"It takes about five minutes; please answer before "
                f"{as_of + timedelta(days=max(1, program.cadence_days // 2))}.",
            ),
        ),
    ]
    return Message(
        kind=CHECKIN_REMINDER,
        subject=subject,
        to=(person.email,),
        letter=Letter(title=subject, sections=tuple(sections)),
        file_stem=f"checkin-{person_stem(person.email)}",
        participant=person.email,
        facts={
            "participant": person.email,
            "phase": due.phase,
            "due_on": due.due_on.isoformat(),
            "overdue": due.overdue,
            "topics": topics,
            "as_of": as_of.isoformat(),
        },
    )
