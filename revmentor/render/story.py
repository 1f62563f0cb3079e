"""How one person's story looks as field/value lines (its JSON is the story itself)."""

from __future__ import annotations

from typing import Any

from revmentor.domain.people.story import STORY_KEYS


def story_fields(story: dict[str, Any]) -> list[tuple[str, object]]:
    """Field/value lines for a table, CSV or Markdown: one per pair, topic, goal."""
    fields = [(key, value) for key, value in story.items() if key not in STORY_KEYS]
    for c in story["pairs"]:
        ended = f" on {c['ended_on']}" if c["ended_on"] else ""
        last = f", last {c['last_session']}" if c["last_session"] else ""
        line = (
            f"{c['partner_name']} <{c['partner']}> ({c['partner_role']}), round "
            f"{c['round']}, {c['status']}{ended}, {c['held']}/{c['expected']} "
            f"sessions{last}"
        )
        fields.append((f"pair #{c['pair_id']}", line))
        for goal in c["goals"]["items"]:
            if "text" in goal:  # goal words: only with --include-notes
                when = goal["done_on"] or goal["dropped_on"] or goal["due"]
                status = f"{goal['status']} {when}" if when else goal["status"]
                fields.append((f"  goal #{goal['id']}", f"{goal['text']} ({status})"))
    if not story["pairs"]:
        fields.append(("pairs", "none yet"))
    for scores in story["checkins"]:
        (_, topic), *phases = scores.items()
        shown = ", ".join(f"{phase} {score}" for phase, score in phases)
        fields.append((f"check-in: {topic}", shown))
    goals = story["pair_goals"]
    counts = "none set"
    if goals["set"]:
        counts = f"{goals['set']} set, {goals['reached']} reached, {goals['open']} "
        counts += f"open ({goals['overdue']} overdue), {goals['dropped']} dropped"
    fields.append(("pair goals", counts))
    return fields
