"""The questions of a session form and a check-in form, for a coordinator who
collects them with Google or Microsoft Forms: pure.

Each question's title is the column its export gets, and each title is a column
`log --from` / `checkin --from` knows, so an export imports with no --map.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from revmentor.domain import validation
from revmentor.domain.models import PHASES
from revmentor.domain.sessions.checkins import MENTOR_CHECKIN_TOPICS
from revmentor.domain.sessions.sessions import FIT_LABELS
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput

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
    choices: dict[str, str] = {}
    for topic in [*topics, *MENTOR_CHECKIN_TOPICS]:
        choices.setdefault(topic_key(topic), topic)
    topic = "The topic you score (mentors: one of the last two)."
    score = "How confident are you with it today? 1 = not at all, 5 = fully."
    return Form(
        "Check-in form",
        [
            Question("Participant", "Your work email.", SHORT, True),
            Question("Phase", "Which check-in this is.", ONE_CHOICE, True, PHASES),
            Question("Topic", topic, ONE_CHOICE, True, list(choices.values())),
            Question("Score", score, SCALE, True),
            Question("Date", "Today's date.", DATE, True),
        ],
    )


# ---------------------------------------------------------------- prefilled links

# What a form's link can be prefilled with, by setting: for a pair, each
# person's email and both ("MENTOR_EMAIL MENTEE_EMAIL"); for a person, their
# email and the check-in phase due.
PREFILL_FIELDS = {
    "session_form_prefill": ("mentor", "mentee", "pair"),
    "checkin_form_prefill": ("participant", "phase"),
}
PREFILL_KEYS = tuple(PREFILL_FIELDS)
# A form's field id is a URL query name: Google's entry.1001, or any plain name.
_FIELD_ID = re.compile(r"^[A-Za-z0-9._~:-]{1,200}$")


def parse_prefill(key: str, value: object) -> dict[str, str]:
    """``{mentor: entry.1001}`` (or ``mentor=entry.1001, mentee=entry.1002``, or
    a list of ``NAME=FIELD``): what revmentor fills in, mapped to the form's
    field ids. Empty clears it."""
    if value is None or value == "":
        return {}
    items = value.split(",") if isinstance(value, str) else value
    if isinstance(items, list):
        pairs = [str(item).partition("=") for item in items if str(item).strip()]
        if any(not sep for _, sep, _ in pairs):
            raise InvalidInput(
                f"{key} must be written NAME=FIELD, e.g. mentor=entry.1001"
            )
        items = {name.strip(): field.strip() for name, _, field in pairs}
    if not isinstance(items, Mapping):
        raise InvalidInput(
            f"{key} must map names to form fields, not {validation.shown(value)}"
        )
    names = PREFILL_FIELDS[key]
    for name, field in items.items():
        if name not in names:
            raise InvalidInput(
                f"{key} cannot fill {validation.shown(name)}: it fills "
                f"{', '.join(names)}"
            )
        if not isinstance(field, str) or not _FIELD_ID.match(field):
            raise InvalidInput(
                f"{key}.{name} must be a form field id such as entry.1001, not "
                f"{validation.shown(field)}"
            )
    return dict(items)


def prefilled_link(url: str, prefill: Mapping[str, str], **values: str) -> str:
    """The form's link with each mapped field filled in, Google Forms style
    (``?usp=pp_url&entry.1001=…``), values URL-encoded; the plain link
    without a mapping."""
    if not prefill:
        return url
    parts = urlsplit(url)
    query = [q for q in parse_qsl(parts.query, keep_blank_values=True) if q[0] != "usp"]
    query += [("usp", "pp_url")]
    query += [(field, values[name]) for name, field in prefill.items()]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))
