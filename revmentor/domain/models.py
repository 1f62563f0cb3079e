"""Plain data classes shared by every layer (their rules: ``participant_record``
and ``program``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Role(StrEnum):
    """Which side of a pair a person is on (a string: ``Role.mentor == "mentor"``)."""

    mentor = "mentor"
    mentee = "mentee"


class ParticipantStatus(StrEnum):
    active = "active"
    paused = "paused"
    left = "left"


class Fit(StrEnum):
    """How a pair is going after its first session (stored in pairs.fit)."""

    good = "good"
    unsure = "unsure"
    poor = "poor"


FIT_LABELS = {"good": "good fit", "unsure": "not sure", "poor": "not a good fit"}


class Phase(StrEnum):
    """When a check-in is asked: before, halfway, at the end."""

    baseline = "baseline"
    midpoint = "midpoint"
    final = "final"


class Security(StrEnum):
    """How the mail server is reached: STARTTLS (the default), SSL, or plain."""

    starttls = "starttls"
    ssl = "ssl"
    none = "none"


ROLES = tuple(role.value for role in Role)
MENTOR, MENTEE = ROLES

PARTICIPANT_STATUSES = tuple(status.value for status in ParticipantStatus)
ACTIVE, PAUSED, LEFT = PARTICIPANT_STATUSES
# Why a pair ends when one of its people leaves the program (or the
# organization itself).
LEFT_REASON = "left the program"
LEFT_ORGANISATION_REASON = "left the organization"

PAIR_ACTIVE = "active"
PAIR_ENDED = "ended"

PHASES = tuple(phase.value for phase in Phase)

DEFAULT_WEIGHTS = {
    "topics": 3.0,
    "cross_department": 1.0,
    "diversity": 1.0,
    "preference": 2.0,  # a 1st choice; later choices less (see domain/matching.py)
    "waited": 1.0,  # per person of the pair left unpaired in an earlier round
}


@dataclass
class Participant:
    """A person enrolled in the program (``ParticipantRecord`` holds the rules).
    ``email`` and ``manager`` are stored lower-cased."""

    email: str
    name: str
    role: str
    title: str | None = None
    level: int | None = None
    department: str | None = None
    manager: str | None = None
    teaches: list[str] = field(default_factory=list)
    learns: list[str] = field(default_factory=list)
    goals: str | None = None
    capacity: int = 1
    timezone: str | None = None
    organization: str | None = None  # None: the program's own organization
    prefers: list[str] = field(default_factory=list)  # emails, first choice first
    status: str = ACTIVE
    enrolled_on: date | None = None
    left_on: date | None = None
    # When they left the organization itself: None while they still work there.
    left_organisation_on: date | None = None
    # Private: answers for diversity aims, and why they left.
    attributes: dict[str, str] = field(default_factory=dict)
    left_reason: str | None = None


@dataclass
class Requirements:
    """Hard rules on values (``program.matching.require``).

    ``mentor``/``mentee``: field or attribute name -> the values allowed for that
    side (a person without a value fails). ``differ``/``same``: names whose values
    must differ / be equal within a pair (unknown on either side: no pair).
    """

    mentor: dict[str, list[str]] = field(default_factory=dict)
    mentee: dict[str, list[str]] = field(default_factory=dict)
    differ: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)


@dataclass
class MatchingSettings:
    min_level_gap: int = 1
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    diversity_attributes: list[str] = field(default_factory=list)
    allow_repeats: bool = False
    require: Requirements = field(default_factory=Requirements)


@dataclass
class Settings:
    name: str = "Reverse mentoring program"
    objectives: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # Culture outcomes people rate their agreement with at check-ins (1-5).
    statements: list[str] = field(default_factory=list)
    cadence_days: int = 14
    session_minutes: int = 45
    start: date | None = None
    length_weeks: int = 26
    organization: str | None = None  # the organization running the program
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    # Links put into reminders, and how mail leaves (the password never: it
    # comes from REVMENTOR_SMTP_PASSWORD only). See domain/mail_settings.py.
    session_form_url: str | None = None
    checkin_form_url: str | None = None
    # Form field ids a link is prefilled with: {"mentor": "entry.1001"}.
    session_form_prefill: dict[str, str] = field(default_factory=dict)
    checkin_form_prefill: dict[str, str] = field(default_factory=dict)
    coordinator_email: str | None = None
    mail_from: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_security: str | None = None
    # The first day of the latest round after the first (from the pairs, not a
    # setting): a new round runs length_weeks from it, so it extends the program.
    round_began: date | None = None

    @property
    def end(self) -> date | None:
        """The day the program ends: nothing is expected of a pair after it."""
        began = max(filter(None, (self.start, self.round_began)), default=None)
        return began + timedelta(weeks=self.length_weeks) if began else None
