"""The pair rules (avoid, fixed) from rosters and `rules add`, stored for later
pairing runs."""

from __future__ import annotations

import json
from collections.abc import Iterable

from revmentor.domain.pairing.pair_rules import PairRule


def add_pair_rules(
    db, kind: str, pairs: Iterable[tuple[str, str]], source: str = "roster"
) -> int:
    """Store (first, second) email pairs of ``kind``; returns how many were new.

    ``source`` says where they came from (a roster file's name, or the command line).
    """
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    before = db["pairing_rules"].count
    db["pairing_rules"].insert_all(
        (
            {"kind": kind, "first_id": ids[a], "second_id": ids[b], "source": source}
            for a, b in (sorted(pair) if kind == "avoid" else pair for pair in pairs)
        ),
        ignore=True,
    )
    return db["pairing_rules"].count - before


def _rules(db, columns: str):
    """Every rule, oldest first: its id, kind and two people, then ``columns``."""
    return db.query(f"""
        SELECT pairing_rules.id, kind, a.email AS first, b.email AS second, {columns}
        FROM pairing_rules
        JOIN participants AS a ON a.id = pairing_rules.first_id
        JOIN participants AS b ON b.id = pairing_rules.second_id
        ORDER BY pairing_rules.id
    """)


def pair_rule_pairs(db, kind: str) -> list[tuple[str, str]]:
    """The (first, second) emails of every rule of ``kind``."""
    return [(r.first, r.second) for r in all_pair_rules(db) if r.kind == kind]


def all_pair_rules(db) -> list[PairRule]:
    """Every avoid and fixed rule, oldest first, with where it came from."""
    return [PairRule(**row) for row in _rules(db, "source")]


def fixed_rule_goals(db) -> dict[tuple[str, str], tuple[int, list[dict]]]:
    """(mentor, mentee) of every fixed rule, oldest first -> the rule's id and
    the goals a roster gave the pair (``{"text", "due"}`` each)."""
    return {
        (row["first"], row["second"]): (row["id"], json.loads(row["goals_json"]))
        for row in _rules(db, "goals_json")
        if row["kind"] == "fixed"
    }


def remove_pair_rule(db, rule_id: int) -> bool:
    """Remove one rule; False when there is no such rule."""
    return db.execute("DELETE FROM pairing_rules WHERE id = ?", [rule_id]).rowcount > 0


def add_pair_rule_goals(db, goals: dict[tuple[str, str], list[dict]]) -> None:
    """Keep a roster's goals with its fixed pairs, stored already (a goal
    already kept, by its words without case, is not added twice)."""
    fixed = fixed_rule_goals(db)
    for pair, new in goals.items():
        rule_id, kept = fixed[pair]
        seen = {goal["text"].casefold() for goal in kept}
        kept += [goal for goal in new if goal["text"].casefold() not in seen]
        db["pairing_rules"].update(rule_id, {"goals_json": kept})  # as JSON
