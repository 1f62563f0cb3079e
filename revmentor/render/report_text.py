"""Words and figures shared by every rendering of the report (terminal, files).

Plain strings only; each renderer escapes them for its own medium.
"""

from __future__ import annotations

from datetime import date

from revmentor.domain.goals import GoalCounts
from revmentor.domain.outcomes import OutcomeRow
from revmentor.domain.progress import (
    BEHIND,
    ENDED,
    ON_TRACK,
    STALLED,
    STATUSES,
)
from revmentor.domain.report import (
    MIN_RATINGS,
    NOT_PAIRED_YET,
    PairRow,
    Rating,
    Report,
    UnpairedRow,
)
from revmentor.domain.retention import RetentionGroup
from revmentor.domain.text import plural

STATUS_LABELS = {
    ON_TRACK: "on track",
    BEHIND: "behind",
    STALLED: "stalled",
    ENDED: "ended",
}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def bar(held: int, expected: int, width: int = 10) -> str:
    """A text progress bar of held / expected: '███████░░░'; empty while
    nothing is expected and nothing held yet."""
    filled = round(width * progress_ratio(held, expected))
    return "█" * filled + "░" * (width - filled)


def progress_ratio(held: int, expected: int) -> float:
    """Share of the expected sessions held, at most 1; a pair owing nothing
    yet is full only once it has met."""
    if expected <= 0:
        return 1.0 if held > 0 else 0.0
    return min(held / expected, 1.0)


def dates_line(report: Report) -> str:
    """'2027-01-11 to 2027-06-28 (24 weeks, now week 8) · a session every 14 days…'"""
    p = report.program
    parts = []
    if p.start:
        when = f"{p.start.isoformat()} to {p.end.isoformat()} ({plural(p.length_weeks, 'week')}"
        if p.week is None:
            when += ", not started yet)"
        elif p.week > p.length_weeks:
            when += ", finished)"
        else:
            when += f", now week {p.week})"
        parts.append(when)
    else:
        parts.append(f"{plural(p.length_weeks, 'week')}, start date not set")
    parts.append(
        f"a session every {plural(p.cadence_days, 'day')} ({p.session_minutes} minutes)"
    )
    return " · ".join(parts)


def as_of_line(report: Report) -> str:
    text = f"Report as of {report.as_of.isoformat()}"
    if report.filters.describe():
        text += f" · only {report.filters.describe()}"
    return text


def participants_text(report: Report) -> str:
    parts = []
    for role in ("mentor", "mentee"):
        counts = report.summary.participants[role]
        detail = [f"{counts.active} active"]
        if counts.paused:
            detail.append(f"{counts.paused} paused")
        if counts.left:
            detail.append(f"{counts.left} left")
        parts.append(f"{plural(counts.total, role)} ({', '.join(detail)})")
    return "; ".join(parts)


def rating_text(rating: Rating) -> str:
    if rating.mean is None:
        if rating.n == 0:
            return "no ratings yet"
        return (
            f"hidden: {plural(rating.n, 'rating')} from {plural(rating.raters, 'person', 'people')}"
            f" (shown from {MIN_RATINGS} people)"
        )
    return f"{rating.mean:.1f} / 5 from {plural(rating.n, 'rating')}"


def status_counts_text(report: Report) -> str:
    counts = report.summary.status_counts
    return ", ".join(
        f"{counts[s]} {STATUS_LABELS[s]}" for s in STATUSES if s != ENDED and counts[s]
    )


def summary_figures(report: Report) -> list[tuple[str, str]]:
    """(label, value) for each summary figure, in reading order."""
    s = report.summary
    sessions = f"{s.sessions_held} held of {s.sessions_expected} expected"
    if s.sessions_expected:
        sessions += f" ({percent(min(s.sessions_held / s.sessions_expected, 9.99))})"
    on_track = percent(s.share_on_track)
    if s.pairs_active:
        on_track += f" of {plural(s.pairs_active, 'active pair')}"
        if status_counts_text(report):
            on_track += f" ({status_counts_text(report)})"
    figures = [
        ("Participants", participants_text(report)),
        ("Pairs", f"{s.pairs_active} active, {s.pairs_ended} ended"),
        ("Match rate", match_text(report)),
        ("Sessions", sessions),
        ("On track", on_track),
        ("Mentor rating", rating_text(s.mentor_rating)),
        ("Mentee rating", rating_text(s.mentee_rating)),
    ]
    if report.has_goals or (s.goals is not None and s.goals.set):
        figures.append(("Goals", goals_text(s.goals)))
    figures.append(("Mentor retention", retention_text(report)))
    for attribute, groups in s.retention.by_attribute.items():
        figures.append((f"Retention by {attribute}", retention_groups_text(groups)))
    for attribute, roles in s.attributes.items():
        figures.append((f"{attribute.capitalize()} (active)", attribute_text(roles)))
    return figures


def goals_text(goals: GoalCounts | None) -> str:
    if goals is None:
        return f"hidden: the pairs shown are fewer than {MIN_RATINGS} people"
    return f"{goals.set} set, {goals.reached} reached, {goals.overdue} overdue"


def pair_goals_text(goals: GoalCounts) -> str:
    """'3 set, 1 reached, 1 overdue' for one pair; '—' when it set none."""
    if not goals.set:
        return "—"
    text = f"{goals.reached}/{goals.set} reached"
    return text + (f", {goals.overdue} overdue" if goals.overdue else "")


def match_text(report: Report) -> str:
    s = report.summary
    if not s.active_mentees:
        return "— (no active mentees)"
    return (
        f"{percent(s.match_rate)} ({s.mentees_paired} of "
        f"{plural(s.active_mentees, 'active mentee')} paired)"
    )


def retention_text(report: Report) -> str:
    r = report.summary.retention
    if not r.enrolled:
        return "— (no mentors enrolled)"
    text = (
        f"{percent(r.program_rate)} still in the program ({r.in_program} of "
        f"{plural(r.enrolled, 'mentor')} enrolled by then)"
    )
    if r.in_organisation is not None:
        text += (
            f"; {percent(r.organisation_rate)} still in the organisation "
            f"({r.in_organisation} of {r.enrolled})"
        )
    return text


def retention_groups_text(groups: list[RetentionGroup]) -> str:
    """'female 80% in program, 90% in organisation (of 10); male …'."""
    parts = []
    for g in groups:
        text = f"{g.value} {percent(g.in_program / g.enrolled)} in the program"
        if g.in_organisation is not None:
            text += f", {percent(g.in_organisation / g.enrolled)} in the organisation"
        parts.append(f"{text} (of {g.enrolled})")
    return "; ".join(parts)


def anyone_active(report: Report) -> bool:
    people = report.summary.participants
    return any(counts.active for counts in people.values())


def attribute_text(roles: dict[str, dict[str, int]]) -> str:
    parts = []
    for role, values in roles.items():
        if values:
            counts = ", ".join(f"{value} {n}" for value, n in values.items())
            parts.append(f"{role}s: {counts}")
        else:
            parts.append(f"{role}s: {HIDDEN_BREAKDOWN}")
    return "; ".join(parts)


# Shown where a breakdown would leave a group of fewer than three people.
HIDDEN_BREAKDOWN = f"not shown (a group would have fewer than {MIN_RATINGS} people)"


def last_session_text(pair: PairRow) -> str:
    if pair.last_session is None:
        return "none yet"
    return pair.last_session.isoformat()


def contact_text(pair: PairRow) -> str:
    """'12 days ago', or 'paired 20 days ago' before a first session for the terminal and HTML."""
    if pair.status == ENDED:
        return f"ended {day(pair.ended_on)}" if pair.ended_on else "ended"
    days = pair.days_since_contact
    if pair.last_session is None:
        return "paired today" if days == 0 else f"paired {plural(days, 'day')} ago"
    return "today" if days == 0 else f"{plural(days, 'day')} ago"


def change_text(change: float | None) -> str:
    if change is None:
        return "—"
    return f"{change:+.2f}"


def mean_text(mean: float | None, n: int) -> str:
    """'3.50 (n=4)'; 'hidden (n=2)' when fewer than three people answered."""
    if mean is None:
        return f"hidden (n={n})" if n else "—"
    return f"{mean:.2f} (n={n})"


def topic_sessions_text(sessions: int, pairs: int) -> str:
    return f"{plural(sessions, 'session')} in {plural(pairs, 'pair')}"


def pair_label(pair: PairRow) -> str:
    return f"{pair.mentor_name} → {pair.mentee_name}"


def unpaired_groups(report: Report) -> tuple[list[UnpairedRow], list[UnpairedRow]]:
    """(people with a reason of their own, people simply not paired yet)."""
    specific = [u for u in report.unpaired if u.reason != NOT_PAIRED_YET]
    waiting = [u for u in report.unpaired if u.reason == NOT_PAIRED_YET]
    return specific, waiting


def waiting_text(waiting: list[UnpairedRow]) -> str:
    """'Not paired yet: 3 mentees (A, B, C); 1 mentor (D).'"""
    parts = []
    for role in ("mentee", "mentor"):
        names = [u.name for u in waiting if u.role == role]
        if names:
            parts.append(f"{plural(len(names), role)} ({', '.join(names)})")
    return "Not paired yet: " + "; ".join(parts) + "."


def shows_midpoint(rows: list[OutcomeRow]) -> bool:
    return any(o.midpoint.n for o in rows)


def outcome_cells(o: OutcomeRow, midpoint: bool) -> list[str]:
    """Topic, baseline, [midpoint, change so far,] final, change: as text."""
    cells = [o.topic, mean_text(o.baseline.mean, o.baseline.n)]
    if midpoint:
        cells += [
            mean_text(o.midpoint.mean, o.midpoint.n),
            change_text(o.midpoint_change),
        ]
    cells += [mean_text(o.final.mean, o.final.n), change_text(o.change)]
    return cells


def outcome_headers(midpoint: bool) -> list[str]:
    headers = ["Baseline"]
    if midpoint:
        headers += ["Midpoint", "Change so far"]
    return headers + ["Final", "Change"]


OUTCOMES_TITLE = "Outcomes (check-in scores, 1–5: how confident people are)"
STATEMENTS_TITLE = "Statements (check-in scores, 1–5: how much people agree)"
OUTCOMES_CAPTION = (
    "Change: mean final − mean baseline; change so far: mean midpoint − mean "
    f"baseline. A mean is shown from {MIN_RATINGS} people answering."
)
TOPICS_TITLE = "Sessions per topic"
