"""The introduction a new pair receives: what it says, and what it never says.

Pure: a pair, both people and the program in; an intro ``Message`` out.
"""

from __future__ import annotations

from revmentor.domain.messages import (
    Kind,
    Message,
    Section,
    cadence_sentence,
    first_names,
    pair_stem,
    program_end,
)
from revmentor.domain.models import Participant, Program
from revmentor.domain.pairs import StoredPair
from revmentor.domain.reasons import readable_reasons
from revmentor.domain.validation import topic_key


def agenda(pair: StoredPair, mentee: Participant | None, program: Program) -> list[str]:
    """A suggested first-session agenda, drawn from the mentee's goals and topics."""
    mentor_first, mentee_first = first_names(pair)
    goals = (mentee.goals or "").strip() if mentee else ""
    end = program_end(program)
    by_when = f" by the end of the program{f' ({end})' if end else ''}"
    if goals:
        goal = (
            f"{mentee_first}'s goal: “{goals}”. What would success look like{by_when}?"
        )
    else:
        goal = (
            f"Ask {mentee_first} what they most want to get out of the program, "
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


def introduction(
    pair: StoredPair, mentee: Participant | None, program: Program
) -> Message:
    """The introduction for one pair, to both of them.

    Only the reasons coded public are told (never seniority numbers, private
    attributes, preferences or waiting), whatever their wording.
    """
    reasons = readable_reasons(pair.coded_reasons)
    steps = agenda(pair, mentee, program)
    shown = "mentor mentor_name mentor_title mentee mentee_name mentee_title round"
    facts: dict[str, object] = {
        "pair_id": pair.id,
        **{key: getattr(pair, key) for key in shown.split()},
        "paired_on": pair.paired_on.isoformat(),
        "reasons": reasons,
        "shared_topics": list(pair.shared_topics),
        "program": program.name,
        "objectives": list(program.objectives),
        "rules": list(program.rules),
        "cadence_days": program.cadence_days,
        "session_minutes": program.session_minutes,
        "cadence": cadence_sentence(program),
        "agenda": steps,
    }
    mentor_first, mentee_first = first_names(pair)
    why = [r[0].upper() + r[1:] for r in reasons if r] or [
        "Your program coordinator paired you"
    ]
    if pair.shared_topics:
        why.append(f"Topics you share: {', '.join(pair.shared_topics)}")
    objectives = Section(
        heading="What the program is for", bullets=tuple(program.objectives)
    )
    sections = (
        Section(
            paragraphs=(
                f"{mentor_first} and {mentee_first}, you are paired for reverse "
                f"mentoring: {mentor_first} is the mentor and coaches "
                f"{mentee_first}, the mentee, who brings a senior leader's view in "
                "return.",
            ),
            fields=(
                ("Mentor", _who(pair.mentor_name, pair.mentor_title, pair.mentor)),
                ("Mentee", _who(pair.mentee_name, pair.mentee_title, pair.mentee)),
            ),
        ),
        Section(heading="Why you were paired", bullets=tuple(why)),
        *([objectives] if program.objectives else []),
        Section(
            heading="Rules of conduct",
            paragraphs=()
            if program.rules
            else (
                "Agree your own in the first session, starting with: what is "
                "said in a session stays in the session.",
            ),
            bullets=tuple(program.rules),
        ),
        Section(heading="How often to meet", paragraphs=(cadence_sentence(program),)),
        Section(
            heading="A suggested agenda for your first session", steps=tuple(steps)
        ),
    )
    subject = f"{pair.mentor_name} and {pair.mentee_name}: welcome to {program.name}"
    return Message(
        kind=Kind.intro,
        subject=subject,
        to=(pair.mentor, pair.mentee),
        sections=sections,
        file_stem=pair_stem(pair.mentor, pair.mentee),
        pair_id=pair.id,
        facts=facts,
    )


def _who(name: str, title: str | None, email: str) -> str:
    return f"{name}{', ' + title if title else ''} ({email})"
