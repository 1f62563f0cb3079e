"""The questions of a session form and a check-in form, for a coordinator who
collects them with Google or Microsoft Forms: pure.

Each question's title is the column its export gets, and each title is a column
`log --from` / `checkin --from` knows, so an export imports with no --map.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from revmentor.domain.models import PHASES
from revmentor.domain.sessions.checkins import MENTOR_CHECKIN_TOPICS
from revmentor.domain.sessions.sessions import FIT_LABELS, topic_choices

SHORT, DATE, ONE_CHOICE, SCALE = "short answer", "date", "one choice", "scale 1-5"


class Question(NamedTuple):
    title: str  # the question's title: its column in the export
    ask: str  # what the form says under the title
    kind: str
    required: bool = False
    choices: Sequence[str] = ()


class Form(NamedTuple):
    name: str
    questions: list[Question]


def session_form(topics: Sequence[str]) -> Form:
    """One answer per session held, by either person of the pair."""
    fit = "After your first session: is the pairing a good fit?"
    goal = (
        "Did you reach one of your pair's goals? Its words, or its code from "
        "your introduction (G1, G2…); several separated by ;."
    )
    notes = "Private notes: only the program's coordinator reads them."
    return Form(
        "Session form",
        [
            Question("Mentor", "The mentor's work email.", SHORT, True),
            Question("Mentee", "The mentee's work email.", SHORT, True),
            Question("Date", "The day you met.", DATE, True),
            Question("Minutes", "How long you met, in minutes.", "number"),
            Question("Topics", "What you talked about.", "checkboxes", False, topics),
            Question("Mentor rating", "How useful was it, for the mentor?", SCALE),
            Question("Mentee rating", "How useful was it, for the mentee?", SCALE),
            Question("Fit", fit, ONE_CHOICE, False, list(FIT_LABELS.values())),
            Question("Goal reached", goal, SHORT),
            Question("Notes", notes, "paragraph"),
        ],
    )


def checkin_form(topics: Sequence[str]) -> Form:
    """One answer per topic scored; mentors score their own two topics."""
    choices = topic_choices([*topics, *MENTOR_CHECKIN_TOPICS])
    topic = "The topic you score (mentors: one of the last two)."
    score = "How confident are you with it today? 1 = not at all, 5 = fully."
    return Form(
        "Check-in form",
        [
            Question("Participant", "Your work email.", SHORT, True),
            Question("Phase", "Which check-in this is.", ONE_CHOICE, True, PHASES),
            Question("Topic", topic, ONE_CHOICE, True, choices),
            Question("Score", score, SCALE, True),
            Question("Date", "Today's date.", DATE, True),
        ],
    )
