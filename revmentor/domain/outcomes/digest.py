"""The week in one short message, for a team channel: pure.

Counts only: who met, how the pairs stand (the report's progress rule), sessions
held against expected, check-ins due, goals reached. Names appear only when the
coordinator asks (``names``: a private channel), and never notes or goals'
words. Written as plain text, as Slack incoming-webhook JSON (``text`` plus
``blocks``) and as a Teams Workflows message carrying an Adaptive Card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from revmentor.domain.messages.messages import checkin_reminders
from revmentor.domain.models import Participant, Settings
from revmentor.domain.outcomes.report import Report
from revmentor.domain.sessions.goals import StoredGoal
from revmentor.domain.sessions.progress import BEHIND, ENDED, ON_TRACK, STALLED
from revmentor.domain.sessions.sessions import LoggedSession
from revmentor.domain.text import pair_label, plural

WEEK = 7  # days a digest covers, and how often one is due


@dataclass(frozen=True)
class Digest:
    program: str
    first_day: date
    last_day: date
    facts: list[tuple[str, str]]  # (what, how many), in the order shown
    # (what, who) when names were asked for, e.g. ("Stalled", "Ana → Bo, Cy → Di")
    named: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.program}: the week {self.first_day} to {self.last_day}"

    def text(self) -> str:
        """Plain text: a title, one line a fact, then the names asked for."""
        lines = [f"{what}: {value}" for what, value in self.facts + self.named]
        return "\n".join([self.title, *lines]) + "\n"


def build_digest(
    report: Report,
    sessions: Sequence[LoggedSession],
    goals: Sequence[StoredGoal],
    people: list[tuple[Participant, date, set[str]]],
    settings: Settings,
    *,
    names: bool = False,
) -> Digest:
    """The week ending on the report's as-of day: the ``sessions`` held and
    ``goals`` reached that week, and who of ``people`` (with the day they were
    paired and the check-ins they did) is due a check-in."""
    last = report.as_of
    first = last - timedelta(days=WEEK - 1)
    sessions = [s for s in sessions if first <= s.date <= last]
    goals_reached = [g for g in goals if g.done_on and first <= g.done_on <= last]
    due = {m.participant for m in checkin_reminders(people, settings, last)}
    checkins_due = [person.name for person, _, _ in people if person.email in due]
    running = {(r.mentor, r.mentee) for r in report.pairs if r.status != ENDED}
    met = {pair_label(s) for s in sessions if (s.mentor, s.mentee) in running}
    held, expected = (report.summary.sessions[k] for k in ("held", "expected"))
    counts = report.summary.status_counts
    standing = ", ".join(f"{counts[s]} {s}" for s in (ON_TRACK, BEHIND, STALLED))
    facts = [
        ("Pairs that met", f"{len(met)} of {len(running)}"),
        ("Sessions this week", str(len(sessions))),
        ("Pairs", standing),
        ("Sessions held", f"{held} of {expected} expected"),
        ("Check-ins due", plural(len(checkins_due), "person", "people")),
        ("Goals reached", str(len(goals_reached))),
    ]
    listed = [
        ("Met", sorted(met, key=str.casefold)),
        ("Behind", [pair_label(r) for r in report.pairs if r.status == BEHIND]),
        ("Stalled", [pair_label(r) for r in report.pairs if r.status == STALLED]),
        ("Check-in due", sorted(checkins_due, key=str.casefold)),
        ("Goals reached", sorted({pair_label(g) for g in goals_reached})),
    ]
    named = [(what, ", ".join(who)) for what, who in listed if who and names]
    return Digest(report.program.name, first, last, facts, named)


def _mrkdwn(text: str) -> str:
    """Text as Slack shows it literally (its three control characters escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(digest: Digest) -> dict:
    """A Slack incoming-webhook message: ``text`` (notifications) and ``blocks``."""
    facts = "\n".join(f"*{what}:* {_mrkdwn(value)}" for what, value in digest.facts)
    # The facts in one section, then a section for each list of names.
    sections = [facts, *(f"*{what}:* {_mrkdwn(who)}" for what, who in digest.named)]
    header = {"type": "header", "text": {"type": "plain_text", "text": digest.title}}
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}}
        for text in sections
    ]
    return {"text": digest.text(), "blocks": [header, *blocks]}


def teams_payload(digest: Digest) -> dict:
    """A message for a Teams Workflows webhook ("Post to a channel when a webhook
    request is received"): one Adaptive Card with the facts as a FactSet."""
    facts = [{"title": what, "value": value} for what, value in digest.facts]
    body = [
        _text_block(digest.title, weight="Bolder", size="Medium"),
        {"type": "FactSet", "facts": facts},
        *(_text_block(f"{what}: {who}") for what, who in digest.named),
    ]
    schema = "http://adaptivecards.io/schemas/adaptive-card.json"
    card = {"$schema": schema, "type": "AdaptiveCard", "version": "1.4", "body": body}
    kind = "application/vnd.microsoft.card.adaptive"
    attachment = {"contentType": kind, "contentUrl": None, "content": card}
    return {"type": "message", "attachments": [attachment]}


def _text_block(text: str, **style: str) -> dict:
    """An Adaptive Card's TextBlock that wraps (the title: ``style``d)."""
    return {"type": "TextBlock", "text": text, **style, "wrap": True}


PAYLOADS = {"slack": slack_payload, "teams": teams_payload}  # by webhook format
