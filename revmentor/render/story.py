"""How one person's story looks: a JSON document, or field/value lines."""

from __future__ import annotations

from dataclasses import asdict

from revmentor.domain.goals import GoalCounts
from revmentor.domain.people import as_record
from revmentor.domain.story import PersonStory


def story_record(
    story: PersonStory, *, include_private: bool, include_notes: bool
) -> dict[str, object]:
    """The participant's roster keys, then ``pairs``, ``checkins`` and
    ``pair_goals`` (not "goals": that is the participant's own free text);
    goal words only with ``include_notes``."""
    keys = ["id", "pair_id", "status", "due", "done_on", "dropped_on"]
    keys += ["text"] if include_notes else []
    items = [{key: getattr(goal, key) for key in keys} for goal in story.goal_items]
    return as_record(story.person, include_private=include_private) | {
        "pairs": [asdict(chapter) for chapter in story.pairs],
        "checkins": story.checkins,
        "pair_goals": asdict(story.goals) | {"items": items},
    }


def story_fields(
    story: PersonStory, *, include_private: bool, include_notes: bool
) -> list[tuple[str, object]]:
    """Field/value lines for a table, CSV or Markdown: one per pair, topic, goal."""
    fields = list(as_record(story.person, include_private=include_private).items())
    for c in story.pairs:
        ended = f" on {c.ended_on}" if c.ended_on else ""
        last = f", last {c.last_session}" if c.last_session else ""
        line = (
            f"{c.partner_name} <{c.partner}> ({c.partner_role}), round {c.round}, "
            f"{c.status}{ended}, {c.held}/{c.expected} sessions{last}"
        )
        fields.append((f"pair #{c.pair_id}", line))
    if not story.pairs:
        fields.append(("pairs", "none yet"))
    for scores in story.checkins:
        topic, *phases = scores.items()
        fields.append(
            (f"check-in: {topic[1]}", ", ".join(f"{p} {s}" for p, s in phases))
        )
    fields.append(("pair goals", _counts_line(story.goals)))
    for goal in story.goal_items if include_notes else ():
        when = goal.done_on or goal.dropped_on or goal.due
        status = f"{goal.status} {when}" if when else goal.status
        fields.append((f"goal #{goal.id}", f"{goal.text} ({status})"))
    return fields


def _counts_line(counts: GoalCounts) -> str:
    if not counts.set:
        return "none set"
    return (
        f"{counts.set} set, {counts.reached} reached, {counts.open} open "
        f"({counts.overdue} overdue), {counts.dropped} dropped"
    )
