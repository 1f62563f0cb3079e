"""Messages to participants: what one says and to whom, before any delivery.

A ``Message`` is the one model every writer reads (terminal, Markdown, JSON,
.eml, mail-merge CSV, SMTP): recipients, subject, a body in plain sections
(paragraphs, labelled fields, bullets, numbered steps) and the facts a JSON
listing carries. Nothing here sends or writes.

An introduction goes to each new pair. A pair reminder goes to a pair that is
behind or stalled, judged by the same rule the report uses
(domain/progress.py); a check-in reminder to a person whose current check-in
(baseline, midpoint or final) is due and not yet done. Messages say what is so
and what to do next, with the pair's (or person's) own prefilled form link
and the pair's goals in their own words (theirs, so not a leak); they carry no
notes, ratings, fit answers, private attributes or private pairing reasons.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from revmentor.domain.messages.mail_settings import prefilled_link
from revmentor.domain.models import PHASES, Participant, Settings
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.pairing.reasons import from_stored, readable_reasons
from revmentor.domain.sessions import progress as rules
from revmentor.domain.validation import parse_choice, parse_email, topic_key
from revmentor.errors import InvalidInput

if TYPE_CHECKING:  # pydantic: loaded when goals are read, not for --help
    from revmentor.domain.sessions.goals import StoredGoal


class Kind(StrEnum):
    intro = "intro"
    remind = "remind"
    checkin_reminder = "checkin-reminder"


# How a message left: shown in a terminal, written as a file of some format
# (a draft), or by e-mail: claimed before it goes, then sent, refused (for
# good) or failed (it may work later). A re-run sends what is not sent.
HOWS = ("terminal", "markdown", "json", "eml", "csv", "email")
STATUSES = ("draft", "claimed", "sent", "refused", "failed")
# Backups made before messages had these states use older words.
_OLDER_WORDS = {"how": {"sent": "email"}, "status": {"written": "draft"}}


@dataclass(frozen=True)
class Section:
    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    bullets: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass
class Message:
    kind: Kind
    subject: str  # also the letter's title
    to: tuple[str, ...]
    sections: tuple[Section, ...]
    file_stem: str
    pair_id: int | None = None
    participant: str | None = None
    cc: tuple[str, ...] = ()
    invitation: bytes | None = None  # the pair's .ics, attached to e-mail
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.to + self.cc  # deliver adds a copy address only once


def first_names(*names: str) -> list[str]:
    """First names, as letters greet people."""
    return [(name.split() or [name])[0] for name in names]


def cadence_sentence(program: Settings) -> str:
    """How often to meet, and the program's dates (a later round's own)."""
    days, minutes = program.cadence_days, program.session_minutes
    text = f"Meet every {days} days, for about {minutes} minutes each time"
    if end := program.end:
        weeks = program.length_weeks
        began = end - timedelta(weeks=weeks)
        text += f"; the program runs for {weeks} weeks, from {began} to {end}"
    return text + "."


def goals_section(goals: Sequence[StoredGoal]) -> tuple[Section, ...]:
    """The pair's open goals in their own words, each with the short code a
    form answer or a reply may name it by."""
    lines = [f"{g.code}: {g.text}" + (f" (by {g.due})" if g.due else "") for g in goals]
    return (Section("Your goals", bullets=tuple(lines)),) if lines else ()


def session_link(pair: StoredPair, program: Settings) -> str | None:
    """The session form's link, prefilled for ``pair`` (None: no form)."""
    # The pair's number is what an export's Pair column gives `log --from`.
    fill = {"mentor": pair.mentor, "mentee": pair.mentee, "pair": str(pair.id)}
    url, prefill = program.session_form_url, program.session_form_prefill
    return url and prefilled_link(url, prefill, **fill)


# Without a form, what a reply to the coordinator says about a session.
REPLY_TEMPLATE = (
    ("Date", "YYYY-MM-DD"),
    ("Minutes", "how long you met"),
    ("Topics", "what you talked about"),
    ("Goal reached", "its code or its words, if you reached one"),
    ("Useful", "1 to 5, from each of you"),
    ("Notes", "anything for the coordinator only"),
)


def after_session(pair: StoredPair, program: Settings) -> Section:
    """How a pair records a session: their prefilled form, or a reply."""
    if link := session_link(pair, program):
        said = f"Record it in the session form, filled in for you two: {link}"
        return Section("After each session", (said,))
    said = "Reply to your coordinator with these lines, so it can be recorded:"
    return Section("After each session", (said,), fields=REPLY_TEMPLATE)


def person_stem(email: str) -> str:
    """A safe file name part from an email's local part."""
    part = re.sub(r"[^a-z0-9._-]+", "-", email.split("@")[0].lower()).strip(".-")
    return part or "someone"


def pair_stem(mentor: str, mentee: str) -> str:
    """``ana.ruiz--dana.lee`` from both emails' local parts, safe characters only."""
    return f"{person_stem(mentor)}--{person_stem(mentee)}"


def unique_names(stems: Sequence[tuple[str, int | None]], suffix: str) -> list[str]:
    """One file name per (stem, pair id), never the same twice in a run.

    Two pairs can share a stem (``ana@a.com`` and ``ana@b.com``); the later one
    gets its pair id (or a counter) added, checked again until it is free.
    Names are compared ignoring case, as some file systems do.
    """
    taken: set[str] = set()
    names: list[str] = []
    for stem, pair_id in stems:
        tries = [stem] if pair_id is None else [stem, f"{stem}-{pair_id}"]
        numbered = (f"{stem}-{n}" for n in itertools.count(2))
        free = (t + suffix for t in itertools.chain(tries, numbered))
        names.append(next(name for name in free if name.lower() not in taken))
        taken.add(names[-1].lower())
    return names


def check_message_record(row: dict) -> None:
    """The rules a recorded message keeps, for rows that come from elsewhere
    (a restored backup, whose older words it updates): raises InvalidInput
    with the first problem."""
    for key, words in _OLDER_WORDS.items():
        row[key] = words.get(row.get(key), row.get(key))  # type: ignore[arg-type]
    for key, choices in (("kind", tuple(Kind)), ("how", HOWS), ("status", STATUSES)):
        row[key] = parse_choice(row.get(key), key, choices)
    if (row["status"] == "draft") == (row["how"] == "email"):
        raise InvalidInput("a draft is a message not sent by e-mail, and only that")
    if (row.get("pair_id") is None) == (row.get("participant") is None):
        raise InvalidInput("a message is for a pair or for one person")
    try:
        datetime.fromisoformat(str(row.get("created_at")))
    except ValueError:
        raise InvalidInput("created_at must be a date and time") from None
    if any(char in str(row.get("subject") or "") for char in "\r\n"):
        raise InvalidInput("subject must be one line (no line breaks)")
    recipients = json.loads(row.get("recipients") or "[]")
    if not isinstance(recipients, list):
        raise InvalidInput("recipients must be a list of addresses")
    for address in recipients:
        parse_email(address)


# ---------------------------------------------------------------- introductions


def agenda(
    pair: StoredPair, mentee: Participant | None, program: Settings
) -> list[str]:
    """A suggested first-session agenda, drawn from the mentee's goals and topics."""
    mentor_first, mentee_first = first_names(pair.mentor_name, pair.mentee_name)
    goals = (mentee.goals or "").strip() if mentee else ""
    end = program.end
    by_when = f" by the end of the program{f' ({end})' if end else ''}"
    goal = (
        f"{mentee_first}'s goal: “{goals}”. What would success look like{by_when}?"
        if goals
        else f"Ask {mentee_first} what they most want to get out of the program, "
        f"and what success would look like{by_when}; write it down."
    )
    learns = list(mentee.learns) if mentee else []
    shared = {topic_key(t) for t in pair.shared_topics}
    if learns:
        topics = ", ".join(
            t + (f" ({mentor_first} teaches this)" if topic_key(t) in shared else "")
            for t in learns
        )
        start = f"Choose where to start among the topics {mentee_first} wants to learn: {topics}."
    elif pair.shared_topics:
        start = f"Choose where to start among the topics you share: {', '.join(pair.shared_topics)}."
    else:
        start = f"Find the topics where {mentor_first}'s experience is most useful to {mentee_first}."
    return [
        "Get to know each other (10 minutes): your roles, what a typical week "
        "looks like, and how you each like to keep in touch.",
        goal,
        start,
        "Agree how you will work together: the rules of conduct above, meeting "
        f"every {program.cadence_days} days for about {program.session_minutes} "
        "minutes, and how to reschedule.",
        f"Book the next session (within {program.cadence_days} days) and agree one "
        f"small thing {mentee_first} will try before then.",
    ]


# What an introduction says of a program with no rules of conduct.
_OWN_RULES = (
    "Agree your own in the first session, starting with: what is said in a "
    "session stays in the session."
)
# What an introduction's JSON tells of the program.
_PROGRAM_FACTS = ("objectives", "rules", "cadence_days", "session_minutes")


def introduction(
    pair: StoredPair,
    mentee: Participant | None,
    program: Settings,
    goals: Sequence[StoredGoal] = (),
) -> Message:
    """The introduction for one pair, to both of them, with the ``goals`` set
    so far (open ones) and their prefilled session form link.

    Only the reasons coded public are told (never seniority numbers, private
    attributes, preferences or waiting), whatever their wording.
    """
    reasons = readable_reasons(from_stored(pair.reasons, pair.reason_codes))
    steps = agenda(pair, mentee, program)
    # Dates become YYYY-MM-DD in the JSON writer.
    shown = "mentor_name mentor_title mentee_name mentee_title round paired_on"
    facts: dict[str, object] = {
        **{key: getattr(pair, key) for key in shown.split()},
        "reasons": reasons,
        "shared_topics": pair.shared_topics,
        "program": program.name,
        **{key: getattr(program, key) for key in _PROGRAM_FACTS},
        "cadence": cadence_sentence(program),
        "agenda": steps,
        "session_form": session_link(pair, program),
        "goals": [{"code": g.code, "text": g.text, "due": g.due} for g in goals],
    }
    mentor_first, mentee_first = first_names(pair.mentor_name, pair.mentee_name)
    why = [r[0].upper() + r[1:] for r in reasons if r]
    why = why or ["Your program coordinator paired you"]
    if pair.shared_topics:
        why.append(f"Topics you share: {', '.join(pair.shared_topics)}")
    objectives = Section("What the program is for", bullets=tuple(program.objectives))
    own_rules = () if program.rules else (_OWN_RULES,)
    paired = (
        f"{mentor_first} and {mentee_first}, you are paired for reverse mentoring: "
        f"{mentor_first} is the mentor and coaches {mentee_first}, the mentee, who "
        "brings a senior leader's view in return."
    )
    who = (
        ("Mentor", _who(pair.mentor_name, pair.mentor_title, pair.mentor)),
        ("Mentee", _who(pair.mentee_name, pair.mentee_title, pair.mentee)),
    )
    sections = (
        Section(paragraphs=(paired,), fields=who),
        Section("Why you were paired", bullets=tuple(why)),
        *([objectives] if program.objectives else []),
        Section("Rules of conduct", own_rules, bullets=tuple(program.rules)),
        *goals_section(goals),
        Section("How often to meet", paragraphs=(cadence_sentence(program),)),
        after_session(pair, program),
        Section("A suggested agenda for your first session", steps=tuple(steps)),
    )
    subject = f"{pair.mentor_name} and {pair.mentee_name}: welcome to {program.name}"
    return _to_pair(pair, Kind.intro, subject, sections, facts)


def _to_pair(
    pair: StoredPair, kind: Kind, subject: str, sections: tuple, facts: dict
) -> Message:
    """A message to both people of ``pair``, its JSON led by who they are."""
    to, stem = (pair.mentor, pair.mentee), pair_stem(pair.mentor, pair.mentee)
    stem = stem if kind is Kind.intro else f"{kind}-{stem}"
    facts = {"pair_id": pair.id, "mentor": pair.mentor, "mentee": pair.mentee} | facts
    return Message(kind, subject, to, sections, stem, pair_id=pair.id, facts=facts)


def _who(name: str, title: str | None, email: str) -> str:
    return f"{name}{', ' + title if title else ''} ({email})"


# ---------------------------------------------------------------- reminders


class RemindStatus(StrEnum):
    """The statuses a pair is reminded in (both unless one is chosen)."""

    behind = rules.BEHIND
    stalled = rules.STALLED


_PHASE_WHY = {
    "baseline": "at the start of your pairing, so the program can see what changes",
    "midpoint": "halfway through the program",
    "final": "at the end of the program, to compare with where you started",
}


# What a stalled pair may do when meeting no longer works.
_PAUSE_OR_NEW_PARTNER = "If the timing no longer works for one of you, tell your coordinator: a pause or a new partner can be arranged."
# What a check-in asks of each topic, and of each of the program's statements.
_RATE = "For each topic, how confident are you today, from 1 (not at all) to 5 (fully)?"
_AGREE = "How much do you agree, from 1 (disagree strongly) to 5 (agree strongly)?"
# Without a check-in form, how a person answers.
_REPLY_SCORES = (
    "Reply to your coordinator with a score from 1 to 5 for each line above, "
    "in one message."
)


def _answer_by(as_of: date, program: Settings) -> date:
    return as_of + timedelta(days=max(1, program.cadence_days // 2))


def pair_reminders(
    activity: list[tuple[StoredPair, int, date | None]],
    program: Settings,
    as_of: date,
    statuses: tuple[str, ...],
    goals: Mapping[int, Sequence[StoredGoal]],
) -> list[Message]:
    """A reminder for each pair (with its sessions held and the last one's
    day) whose status on ``as_of`` is one of ``statuses``, with its open
    ``goals`` (by pair id); none once the program has ended."""
    if program.end and as_of >= program.end:
        return []
    messages, cadence = [], program.cadence_days
    for pair, held, last_session in activity:
        state = rules.progress(pair, as_of, cadence, held, last_session, program.end)
        if state.status not in statuses:
            continue
        mentor, mentee = first_names(pair.mentor_name, pair.mentee_name)
        steps = [
            f"Book your next session before {_answer_by(as_of, program)}: about {program.session_minutes} minutes is enough.",
            f"After the session, record it here: {link}"
            if (link := session_link(pair, program))
            else "After the session, reply to your coordinator with the lines below.",
        ]
        if state.status == rules.STALLED:
            since = "you were paired, and you have not met yet"
            if state.last_session:
                since = "you last met"
            situation = f"It has been {state.days_since_contact} days since {since}: more than twice the program's rhythm of a session every {cadence} days."
            subject = f"{program.name}: time to meet again, {mentor} and {mentee}"
            steps.append(_PAUSE_OR_NEW_PARTNER)
        else:
            situation = f"You have held {state.held} of the {state.expected} sessions expected by now: {state.expected - state.held} behind the program's rhythm."
            subject = f"{program.name}: catching up on sessions, {mentor} and {mentee}"
        last = f"{state.last_session} ({state.days_since_contact} days ago)"
        if not state.last_session:
            last = f"none yet (you were paired on {pair.paired_on})"
        each = f"about {program.session_minutes} minutes each"
        fields = (
            ("Sessions held", f"{state.held} of {state.expected} expected by {as_of}"),
            ("Last session", last),
            ("Cadence", f"a session every {cadence} days, {each}"),
        )
        sections = (
            Section(paragraphs=(f"Hello {mentor} and {mentee},", situation)),
            Section("Where you are", fields=fields),
            *goals_section(goals.get(pair.id, ())),
            Section("What to do next", steps=tuple(steps)),
            *([] if link else [after_session(pair, program)]),
        )
        facts = {key: getattr(state, key) for key in rules.FACTS} | {"as_of": as_of}
        messages.append(_to_pair(pair, Kind.remind, subject, sections, facts))
    return messages


def checkin_reminders(
    people: list[tuple[Participant, date, set[str]]], program: Settings, as_of: date
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
        due = zip(PHASES, (paired_on, start + length / 2, start + length), strict=True)
        fallen = [(phase, day) for phase, day in due if day <= as_of]
        if not fallen or fallen[-1][0] in done:
            continue
        phase, due_on = fallen[-1]
        # pydantic: loaded lazily
        from revmentor.domain.sessions.checkins import checkin_questions

        topics = [topic for topic, _ in checkin_questions(person)]
        overdue = as_of > due_on + timedelta(days=program.cadence_days)
        when = f"It is due now (from {due_on})."
        if overdue:
            when = f"It was due on {due_on} and is now overdue."
        fill = {"participant": person.email, "phase": phase}
        url, prefill = program.checkin_form_url, program.checkin_form_prefill
        link = url and prefilled_link(url, prefill, **fill)
        why = f"It is time for your {phase} check-in, {_PHASE_WHY[phase]}. {when}"
        answer = f"Answer the check-in in your form: {link}" if link else _REPLY_SCORES
        by = f"It takes about five minutes; please answer before {_answer_by(as_of, program)}."
        rated = tuple(topics) or ("The topics you work on in your sessions",)
        statements = tuple(program.statements)
        agree = Section("The program's statements", (_AGREE,), bullets=statements)
        sections = (
            Section(paragraphs=(f"Hello {first_names(person.name)[0]},", why)),
            Section("What to rate", (_RATE,), bullets=rated),
            *([agree] if statements else []),
            Section("What to do next", steps=(answer, by)),
        )
        facts = {
            "participant": person.email,
            "phase": phase,
            "due_on": due_on,
            "overdue": overdue,
            "topics": topics,
            "statements": list(statements),
            "checkin_form": link or None,
            "as_of": as_of,
        }
        subject = f"{program.name}: your {phase} check-in"
        kind, to = Kind.checkin_reminder, (person.email,)
        stem = f"checkin-{person_stem(person.email)}"
        messages.append(
            Message(kind, subject, to, sections, stem, participant=to[0], facts=facts)
        )
    return messages
