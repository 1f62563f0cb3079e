"""Words and figures shared by every rendering of the report (terminal, files),
and the tables every format lays out in the same order.

Plain strings only; each renderer escapes them for its own medium.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from revmentor.domain.outcomes.outcomes import MIN_PEOPLE, OutcomeRow, RetentionGroup
from revmentor.domain.outcomes.report import (
    NOT_PAIRED_YET,
    PairRow,
    Rating,
    Report,
    UnpairedRow,
)
from revmentor.domain.sessions.goals import GoalCounts
from revmentor.domain.sessions.progress import ENDED, STATUSES
from revmentor.domain.text import plural

# Shown where a breakdown would leave a group of fewer than three people.
HIDDEN_BREAKDOWN = f"not shown (a group would have fewer than {MIN_PEOPLE} people)"
OUTCOMES_CAPTION = (
    "Change: mean final − baseline of the people who answered both (n: how "
    "many); change so far: the same to midpoint. A mean is shown from "
    f"{MIN_PEOPLE} people answering."
)


class Figures(NamedTuple):
    """A table of a name then figures: outcomes, statements, topics."""

    title: str
    intro: str
    headers: list[str]
    rows: list[list[str]]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def progress_ratio(held: int, expected: int) -> float:
    """Share of the expected sessions held, at most 1; a pair owing nothing
    yet is full only once it has met."""
    return min(held / expected, 1.0) if expected > 0 else float(held > 0)


def bar(held: int, expected: int, width: int = 10) -> str:
    """A text progress bar of held / expected: '███████░░░'."""
    filled = round(width * progress_ratio(held, expected))
    return "█" * filled + "░" * (width - filled)


def dates_line(report: Report) -> str:
    """'2027-01-11 to 2027-06-28 (24 weeks, now week 8) · a session every 14 days…'"""
    p = report.program
    when = f"{plural(p.length_weeks, 'week')}, start date not set"
    if p.start:
        now = f"now week {p.week}" if p.week else "not started yet"
        if p.end and report.as_of >= p.end:  # no session expected after the end
            now = f"ended on {p.end}: pairs as they stood that day"
        when = f"{p.start} to {p.end} ({plural(p.length_weeks, 'week')}, {now})"
    every = plural(p.cadence_days, "day")
    return f"{when} · a session every {every} ({p.session_minutes} minutes)"


def as_of_line(report: Report) -> str:
    only = report.filters.describe()
    return f"Report as of {report.as_of}" + (f" · only {only}" if only else "")


def rating_text(rating: Rating) -> str:
    if rating.mean is not None:
        return f"{rating.mean:.1f} / 5 from {plural(rating.n, 'rating')}"
    if not rating.n:
        return "no ratings yet"
    who = plural(rating.people, "person", "people")
    return f"hidden: {plural(rating.n, 'rating')} from {who} (shown from {MIN_PEOPLE} people)"


def status_counts_text(report: Report) -> str:
    counts = report.summary.status_counts
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES if s != ENDED and counts[s])


def sessions_share(report: Report) -> str:
    """' (57%)' of the expected sessions held; '' while none are expected."""
    held, expected = (report.summary.sessions[k] for k in ("held", "expected"))
    return f" ({percent(min(held / expected, 9.99))})" if expected else ""


def participants_text(report: Report) -> str:
    """'6 mentors (5 active, 1 left); 8 mentees (7 active, 1 paused)'."""
    people = []
    for role, c in report.summary.participants.items():
        more = [f"{c[k]} {k}" for k in ("paused", "left") if c[k]]
        shown = [f"{c['active']} active", *more]
        people.append(f"{plural(c['total'], role)} ({', '.join(shown)})")
    return "; ".join(people)


def summary_figures(report: Report) -> list[tuple[str, str]]:
    """(label, value) for each summary figure, in reading order."""
    s = report.summary
    on_track = percent(s.share_on_track)
    if active := s.pairs["active"]:  # then some pair is counted by its status
        pairs = plural(active, "active pair")
        on_track += f" of {pairs} ({status_counts_text(report)})"
    mentees = plural(s.active_mentees, "active mentee")
    match = f"{percent(s.match_rate)} ({s.mentees_paired} of {mentees} paired)"
    sessions = f"{s.sessions['held']} held of {s.sessions['expected']} expected"
    figures = [
        ("Participants", participants_text(report)),
        ("Pairs", f"{s.pairs['active']} active, {s.pairs['ended']} ended"),
        ("Match rate", match if s.active_mentees else "— (no active mentees)"),
        ("Sessions", sessions + sessions_share(report)),
        ("On track", on_track),
        ("Mentor rating", rating_text(s.ratings["mentor"])),
        ("Mentee rating", rating_text(s.ratings["mentee"])),
    ]
    if report.has_goals:  # then the pairs' total is set too, unless hidden
        goals = f"hidden: the pairs shown are fewer than {MIN_PEOPLE} people"
        if s.goals is not None:
            goals = f"{s.goals.set} set, {s.goals.reached} reached, {s.goals.overdue} overdue"
        figures.append(("Goals", goals))
    figures.append(("Mentor retention", retention_text(report)))
    return figures + breakdown_figures(report)


def breakdown_figures(report: Report) -> list[tuple[str, str]]:
    """(label, value) for retention and active participants by attribute."""
    s, figures = report.summary, []
    for attribute, groups in s.retention.by_attribute.items():
        figures.append((f"Retention by {attribute}", retention_groups_text(groups)))
    for attribute, roles in s.attributes.items():
        shown = [
            f"{role}s: "
            + (", ".join(f"{v} {n}" for v, n in groups.items()) or HIDDEN_BREAKDOWN)
            for role, groups in roles.items()
        ]
        figures.append((f"{attribute.capitalize()} (active)", "; ".join(shown)))
    return figures


def pair_goals_text(goals: GoalCounts) -> str:
    """'1/3 reached, 1 overdue' for one pair; '—' when it set none."""
    overdue = f", {goals.overdue} overdue" if goals.overdue else ""
    return f"{goals.reached}/{goals.set} reached{overdue}" if goals.set else "—"


def retention_text(report: Report) -> str:
    r = report.summary.retention
    if not r.mentors_enrolled:
        return "— (no mentors enrolled)"
    text = f"{percent(r.in_program_rate)} still in the program ({r.in_program} of "
    text += f"{plural(r.mentors_enrolled, 'mentor')} enrolled by then)"
    if r.in_organisation is not None:
        text += f"; {percent(r.in_organisation_rate)} still in the organization "
        text += f"({r.in_organisation} of {r.mentors_enrolled})"
    return text


def retention_groups_text(groups: list[RetentionGroup]) -> str:
    """'female 80% in the program, 90% in the organization (of 10); male …'."""
    parts = []
    for g in groups:
        text = f"{g.value} {percent(g.in_program / g.enrolled)} in the program"
        if g.in_organisation is not None:
            text += f", {percent(g.in_organisation / g.enrolled)} in the organization"
        parts.append(f"{text} (of {g.enrolled})")
    return "; ".join(parts)


def contact_text(pair: PairRow) -> str:
    """'12 days ago', or 'paired 20 days ago' before a first session."""
    if pair.status == ENDED:
        return f"ended {pair.ended_on}" if pair.ended_on else "ended"
    days = pair.days_since_contact
    ago = "today" if days == 0 else f"{plural(days, 'day')} ago"
    return ago if pair.last_session else f"paired {ago}"


def pair_columns(report: Report) -> list[tuple[str, Callable[[PairRow], str]]]:
    """The columns of the pairs table: (header, the cell of a pair as text)."""
    columns: list[tuple[str, Callable[[PairRow], str]]] = [
        ("Mentor", lambda p: p.mentor_name),
        ("Mentee", lambda p: p.mentee_name),
        ("Round", lambda p: str(p.round)),
        ("Paired on", lambda p: p.paired_on.isoformat()),
        ("Sessions", lambda p: f"{bar(p.held, p.expected)} {p.held}/{p.expected}"),
        ("Last session", lambda p: str(p.last_session or "none yet")),
        ("Status", lambda p: p.status),
        ("Goals", lambda p: pair_goals_text(p.goals)),
        ("Topics covered", lambda p: ", ".join(p.topics_covered) or "—"),
        ("Latest notes", lambda p: str(p.latest_notes or "—")),
    ]
    # Rounds only when there are several; goals and notes only when there are.
    shown = {"Round": len({p.round for p in report.pairs}) > 1}
    shown |= {"Goals": report.has_goals, "Latest notes": report.include_notes}
    return [column for column in columns if shown.get(column[0], True)]


def unpaired_lines(report: Report) -> tuple[list[UnpairedRow], list[str]]:
    """The people with a reason of their own, and sentences for the rest:
    'Not paired yet: 3 mentees (A, B, C); 1 mentor (D).'"""
    waiting = [u for u in report.unpaired if u.reason == NOT_PAIRED_YET]
    parts = []
    for role in ("mentee", "mentor"):
        if names := [u.name for u in waiting if u.role == role]:
            parts.append(f"{plural(len(names), role)} ({', '.join(names)})")
    sentences = ["Not paired yet: " + "; ".join(parts) + "."] if parts else []
    # Unnamed: a rule on their own (private) values; only how many.
    counted = Counter((u.role, u.reason) for u in report.unpaired if not u.email)
    for (role, reason), n in counted.items():
        if n > 1:
            reason = reason.replace("does not", "do not", 1)
            reason = reason.replace("has no", "have no", 1)
        sentences.append(f"{plural(n, role)} {reason}.")
    if not report.unpaired:
        active = any(c["active"] for c in report.summary.participants.values())
        nobody = "Nobody is active in the program yet."
        sentences = ["Everyone active is paired." if active else nobody]
    named = [u for u in report.unpaired if u.email]
    return [u for u in named if u.reason != NOT_PAIRED_YET], sentences


def change_text(change: float | None, n: int) -> str:
    """'+1.67 (n=3)': n people answered both phases."""
    return "—" if change is None else f"{change:+.2f} (n={n})"


def mean_text(mean: float | None, n: int) -> str:
    """'3.50 (n=4)'; 'hidden (n=2)' when fewer than three people answered."""
    if mean is None:
        return f"hidden (n={n})" if n else "—"
    return f"{mean:.2f} (n={n})"


# The columns of an outcomes table after the topic: (header, the cell of a row);
# those of the midpoint only when someone answered at midpoint.
OUTCOME_COLUMNS: list[tuple[str, Callable[[OutcomeRow], str]]] = [
    ("Baseline", lambda o: mean_text(o.baseline_mean, o.baseline_n)),
    ("Midpoint", lambda o: mean_text(o.midpoint_mean, o.midpoint_n)),
    ("Change so far", lambda o: change_text(o.midpoint_change, o.midpoint_change_n)),
    ("Final", lambda o: mean_text(o.final_mean, o.final_n)),
    ("Change", lambda o: change_text(o.change, o.change_n)),
]
MIDPOINT = ("Midpoint", "Change so far")


def figure_tables(report: Report) -> list[Figures]:
    """The outcomes, statements and topics that have rows; the midpoint
    columns only when someone answered at midpoint."""
    tables = []
    for rows, title, first, scale in (
        (report.outcomes, "Outcomes", "Topic", "how confident people are"),
        (report.statements, "Statements", "Statement", "how much people agree"),
    ):
        midpoint = any(o.midpoint_n for o in rows)
        columns = [c for c in OUTCOME_COLUMNS if midpoint or c[0] not in MIDPOINT]
        headers = [first, *(header for header, _ in columns)]
        cells = [[o.topic, *(cell(o) for _, cell in columns)] for o in rows]
        intro = f"Check-in scores, 1–5: {scale}. {OUTCOMES_CAPTION}"
        if rows:
            tables.append(Figures(title, intro, headers, cells))
    if report.topics:
        cells = [[t.topic, str(t.sessions), str(t.pairs)] for t in report.topics]
        headers = ["Topic", "Sessions", "Pairs"]
        tables.append(Figures("Sessions per topic", "", headers, cells))
    return tables
