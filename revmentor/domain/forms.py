"""The questions of a session form and a check-in form, for a coordinator who
collects them with Google or Microsoft Forms: pure.

Each question's title is the column its export gets, and each title is a column
`log --from` / `checkin --from` knows, so an export imports with no --map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from revmentor.domain.checkins import MENTOR_CHECKIN_TOPICS
from revmentor.domain.models import PHASES
from revmentor.domain.sessions import FIT_LABELS
from revmentor.domain.validation import topic_key

SHORT, PARAGRAPH, DATE, NUMBER = "short answer", "paragraph", "date", "number"
ONE_CHOICE, CHECKBOXES, SCALE = "one choice", "checkboxes", "scale 1-5"


@dataclass
class FormQuestion:
    title: str  # the question's title: its column in the export
    ask: str  # what the form says under the title
    kind: str
    required: bool = False
    choices: list[str] = field(default_factory=list)


@dataclass
class Form:
    name: str
    questions: list[FormQuestion]
    # Google Forms adds this column first; the importer keeps it as the answer's id.
    stamp: str = "Timestamp"

    @property
    def header(self) -> list[str]:
        return [self.stamp, *(q.title for q in self.questions)]


def _unique(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        if topic_key(item) not in seen:
            seen.add(topic_key(item))
            result.append(item)
    return result


def session_form(topics: Sequence[str]) -> Form:
    """One answer per session held, by either person of the pair."""
    return Form(
        "Session form",
        [
            FormQuestion("Mentor", "The mentor's work email.", SHORT, True),
            FormQuestion("Mentee", "The mentee's work email.", SHORT, True),
            FormQuestion("Date", "The day you met.", DATE, True),
            FormQuestion("Minutes", "How long you met, in minutes.", NUMBER),
            FormQuestion(
                "Topics", "What you talked about.", CHECKBOXES, choices=list(topics)
            ),
            FormQuestion("Mentor rating", "How useful was it, for the mentor?", SCALE),
            FormQuestion("Mentee rating", "How useful was it, for the mentee?", SCALE),
            FormQuestion(
                "Fit",
                "After your first session: is the pairing a good fit?",
                ONE_CHOICE,
                choices=list(FIT_LABELS.values()),
            ),
            FormQuestion(
                "Goal reached",
                "Did you reach one of your pair's goals? Its number from "
                "`revmentor goals`, or its words; several separated by ;.",
                SHORT,
            ),
            FormQuestion(
                "Notes",
                "Private notes: only the program's coordinator reads them.",
                PARAGRAPH,
            ),
        ],
    )


def checkin_form(topics: Sequence[str]) -> Form:
    """One answer per topic scored; mentors score their own two topics."""
    mentor_topics = [topic for topic, _ in MENTOR_CHECKIN_TOPICS]
    return Form(
        "Check-in form",
        [
            FormQuestion("Participant", "Your work email.", SHORT, True),
            FormQuestion(
                "Phase",
                "Which check-in this is.",
                ONE_CHOICE,
                True,
                list(PHASES),
            ),
            FormQuestion(
                "Topic",
                "The topic you score (mentors: one of the last two).",
                ONE_CHOICE,
                True,
                _unique([*topics, *mentor_topics]),
            ),
            FormQuestion(
                "Score",
                "How confident are you with it today? 1 = not at all, 5 = fully.",
                SCALE,
                True,
            ),
            FormQuestion("Date", "Today's date.", DATE, True),
        ],
    )
