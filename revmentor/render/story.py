"""How one person's story looks: a JSON document, or field/value lines."""

from __future__ import annotations

from dataclasses import asdict

from revmentor.domain.people import as_record
from revmentor.domain.story import PairChapter, PersonStory


def _day(value) -> str | None:
    return value.isoformat() if value else None


def story_record(
    story: PersonStory, *, include_private: bool, include_notes: bool
) -> dict[str, object]:
    """The participant's roster keys, then ``pairs``, ``checkins`` and
    ``pair_goals``;
    goal words only with ``include_notes``."""
    record = as_record(story.person, include_private=include_private)
    record["pairs"] = [_pair_record(chapter) for chapter in story.pairs]
    record["checkins"] = [
        {"topic": line.topic, **line.scores} for line in story.checkins
    ]
    goals: dict[str, object] = asdict(story.goals)
    goals["items"] = [
        {
            "id": goal.id,
            "pair_id": goal.pair_id,
            "status": goal.status,
            "due": _day(goal.due),
            "done_on": _day(goal.done_on),
            "dropped_on": _day(goal.dropped_on),
            **({"text": goal.text} if include_notes else {}),
        }
        for goal in story.goal_items
    ]
    # Not "goals": that key is the participant's own free text (a roster key).
    record["pair_goals"] = goals
    return record


def _pair_record(chapter: PairChapter) -> dict[str, object]:
    return {
        "pair_id": chapter.pair_id,
        "partner": chapter.partner,
        "partner_name": chapter.partner_name,
        "partner_role": chapter.partner_role,
        "round": chapter.round,
        "paired_on": chapter.paired_on.isoformat(),
        "ended_on": _day(chapter.ended_on),
        "status": chapter.status,
        "held": chapter.held,
        "expected": chapter.expected,
        "last_session": _day(chapter.last_session),
        "goals": asdict(chapter.goals),
    }


def story_fields(
    story: PersonStory, *, include_private: bool, include_notes: bool
) -> list[tuple[str, object]]:
    """Field/value lines for a table, CSV or Markdown: one per pair, topic, goal."""
    record = as_record(story.person, include_private=include_private)
    fields: list[tuple[str, object]] = list(record.items())
    for chapter in story.pairs:
        fields.append((f"pair #{chapter.pair_id}", _pair_line(chapter)))
    if not story.pairs:
        fields.append(("pairs", "none yet"))
    for line in story.checkins:
        scores = ", ".join(f"{phase} {score}" for phase, score in line.scores.items())
        fields.append((f"check-in: {line.topic}", scores))
    fields.append(("pair goals", _counts_line(story.goals)))
    if include_notes:
        for goal in story.goal_items:
            when = goal.done_on or goal.dropped_on or goal.due
            status = f"{goal.status} {when}" if when else goal.status
            fields.append((f"goal #{goal.id}", f"{goal.text} ({status})"))
    return fields


def _pair_line(chapter: PairChapter) -> str:
    held = f"{chapter.held}/{chapter.expected} sessions"
    last = f", last {chapter.last_session}" if chapter.last_session else ""
    ended = f" on {chapter.ended_on}" if chapter.ended_on else ""
    return (
        f"{chapter.partner_name} <{chapter.partner}> ({chapter.partner_role}), "
        f"round {chapter.round}, {chapter.status}{ended}, {held}{last}"
    )


def _counts_line(counts) -> str:
    if not counts.set:
        return "none set"
    return (
        f"{counts.set} set, {counts.reached} reached, {counts.open} open "
        f"({counts.overdue} overdue), {counts.dropped} dropped"
    )
