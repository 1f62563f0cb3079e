"""The introduction a new pair receives: what it says, and what it never says.

Pure: a pair, both people and the program in; an intro ``Message`` out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revmentor.domain.messages import (
    INTRO,
    Letter,
    Message,
    Section,
    cadence_sentence,
    first_name,
    pair_stem,
    program_end,
)
from revmentor.domain.models import PAIR_ENDED, Participant, Program
from revmentor.domain.reasons import from_stored, readable_reasons
from revmentor.domain.validation import topic_key


@dataclass(frozen=True)
class PairView:
    """What a message may know about a pair: names, titles, public facts."""

    id: int
    mentor: str
    mentor_name: str
    mentor_title: str | None
    mentee: str
    mentee_name: str
    mentee_title: str | None
    round: int
    paired_on: date
    reasons: tuple[str, ...]
    shared_topics: tuple[str, ...]
    reason_codes: tuple[str, ...] = ()  # one per reason (domain.reasons)


@dataclass(frozen=True)
class PairStanding:
    """A pair with where it stands: active or ended, and introduced or not."""

    view: PairView
    status: str
    ended_on: date | None
    introduced_on: date | None

    @property
    def ended(self) -> bool:
        return self.status == PAIR_ENDED


def shareable_reasons(pair: PairView) -> list[str]:
    """The pairing reasons fit to tell the pair themselves: only those coded
    public, whatever their wording (never seniority numbers, private attributes,
    preferences or waiting)."""
    return readable_reasons(from_stored(pair.reasons, pair.reason_codes))


def agenda(
    pair: PairView,
    mentor: Participant | None,
    mentee: Participant | None,
    program: Program,
) -> list[str]:
    """A suggested first-session agenda, drawn from the mentee's goals and topics."""
    mentee_first = first_name(pair.mentee_name)
    items = [
        "Get to know each other (10 minutes): your roles, what a typical week "
        "looks like, and how you each like to keep in touch.",
        _goal_item(mentee_first, mentee, program),
        _topics_item(pair, mentee),
        "Agree how you will work together: the rules of conduct above, meeting "
        f"every {program.cadence_days} days for about {program.session_minutes} "
        "minutes, and how to reschedule.",
        f"Book the next session (within {program.cadence_days} days) and agree one "
        f"small thing {mentee_first} will try before then.",
    ]
    return items


def _goal_item(mentee_first: str, mentee: Participant | None, program: Program) -> str:
    goals = (mentee.goals or "").strip() if mentee else ""
    end = program_end(program)
    by_when = (
        f" by the end of the program ({end})" if end else " by the end of the program"
    )
    if goals:
        return (
            f"{mentee_first}'s goal: “{goals}”. What would success look like{by_when}?"
        )
    return (
        f"Ask {mentee_first} what they most want to get out of the program, "
        f"and what success would look like{by_when}; write it down."
    )


def _topics_item(pair: PairView, mentee: Participant | None) -> str:
    mentor_first = first_name(pair.mentor_name)
    mentee_first = first_name(pair.mentee_name)
    learns = list(mentee.learns) if mentee else []
    shared = {topic_key(t) for t in pair.shared_topics}
    if learns:
        topics = ", ".join(
            t + (f" ({mentor_first} teaches this)" if topic_key(t) in shared else "")
            for t in learns
        )
        return (
            f"Choose where to start among the topics {mentee_first} wants to learn: "
            f"{topics}."
        )
    if pair.shared_topics:
        return (
            "Choose where to start among the topics you share: "
            f"{', '.join(pair.shared_topics)}."
        )
    return (
        f"Find the topics where {mentor_first}'s experience is most useful to "
        f"{mentee_first}."
    )


def _who(name: str, title: str | None, email: str) -> str:
    return f"{name}{', ' + title if title else ''} ({email})"


def introduction(
    pair: PairView,
    mentor: Participant | None,
    mentee: Participant | None,
    program: Program,
) -> Message:
    """The introduction for one pair, to both of them."""
    facts: dict[str, object] = {
        "pair_id": pair.id,
        "mentor": pair.mentor,
        "mentor_name": pair.mentor_name,
        "mentor_title": pair.mentor_title,
        "mentee": pair.mentee,
        "mentee_name": pair.mentee_name,
        "mentee_title": pair.mentee_title,
        "round": pair.round,
        "paired_on": pair.paired_on.isoformat(),
        "reasons": shareable_reasons(pair),
        "shared_topics": list(pair.shared_topics),
        "program": program.name,
        "objectives": list(program.objectives),
        "rules": list(program.rules),
        "cadence_days": program.cadence_days,
        "session_minutes": program.session_minutes,
        "cadence": cadence_sentence(program),
        "agenda": agenda(pair, mentor, mentee, program),
    }
    title = f"{pair.mentor_name} and {pair.mentee_name}: welcome to {program.name}"
    return Message(
        kind=INTRO,
        subject=title,
        to=(pair.mentor, pair.mentee),
        letter=Letter(title=title, sections=_sections(facts)),
        file_stem=pair_stem(pair.mentor, pair.mentee),
        pair_id=pair.id,
        facts=facts,
    )


def _sections(facts: dict) -> tuple[Section, ...]:
    mentor_first = first_name(facts["mentor_name"])
    mentee_first = first_name(facts["mentee_name"])
    reasons = [r[0].upper() + r[1:] for r in facts["reasons"] if r] or [
        "Your program coordinator paired you"
    ]
    if facts["shared_topics"]:
        reasons.append(f"Topics you share: {', '.join(facts['shared_topics'])}")
    sections = [
        Section(
            paragraphs=(
                f"{mentor_first} and {mentee_first}, you are paired for reverse "
                f"mentoring: {mentor_first} is the mentor and coaches "
                f"{mentee_first}, the mentee, who brings a senior leader's view in "
                "return.",
            ),
            fields=(
                (
                    "Mentor",
                    _who(facts["mentor_name"], facts["mentor_title"], facts["mentor"]),
                ),
                (
                    "Mentee",
                    _who(facts["mentee_name"], facts["mentee_title"], facts["mentee"]),
                ),
            ),
        ),
        Section(heading="Why you were paired", bullets=tuple(reasons)),
    ]
    if facts["objectives"]:
        sections.append(
            Section(
                heading="What the program is for", bullets=tuple(facts["objectives"])
            )
        )
    if facts["rules"]:
        sections.append(
            Section(heading="Rules of conduct", bullets=tuple(facts["rules"]))
        )
    else:
        sections.append(
            Section(
                heading="Rules of conduct",
                paragraphs=(
                    "Agree your own in the first session, starting with: what is "
                    "said in a session stays in the session.",
                ),
            )
        )
    sections.append(
        Section(heading="How often to meet", paragraphs=(facts["cadence"],))
    )
    sections.append(
        Section(
            heading="A suggested agenda for your first session",
            steps=tuple(facts["agenda"]),
        )
    )
    return tuple(sections)
