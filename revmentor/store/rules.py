"""The roster's `avoid` and `fixed` lists, stored for later pairing runs."""

from __future__ import annotations

from collections.abc import Iterable

from revmentor.domain.rules import PairingRule


def add_rules(
    db, kind: str, pairs: Iterable[tuple[str, str]], source: str = "roster"
) -> int:
    """Store (first, second) email pairs of ``kind``; returns how many were new.

    ``source`` says where they came from (a roster file's name, or the command line).
    """
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    before = db.execute("SELECT COUNT(*) FROM pairing_rules").fetchone()[0]
    for first, second in pairs:
        if kind == "avoid":
            first, second = sorted((first, second))
        db.execute(
            "INSERT OR IGNORE INTO pairing_rules (kind, first_id, second_id, source) "
            "VALUES (?, ?, ?, ?)",
            [kind, ids[first], ids[second], source],
        )
    return db.execute("SELECT COUNT(*) FROM pairing_rules").fetchone()[0] - before


def list_rules(db, kind: str) -> list[tuple[str, str]]:
    return [
        (first, second)
        for first, second in db.execute(
            """
            SELECT a.email, b.email FROM pairing_rules
            JOIN participants AS a ON a.id = pairing_rules.first_id
            JOIN participants AS b ON b.id = pairing_rules.second_id
            WHERE kind = ? ORDER BY pairing_rules.id
            """,
            [kind],
        ).fetchall()
    ]


def all_rules(db) -> list[PairingRule]:
    """Every avoid and fixed rule, oldest first, with where it came from."""
    return [
        PairingRule(id=row[0], kind=row[1], first=row[2], second=row[3], source=row[4])
        for row in db.execute(
            """
            SELECT pairing_rules.id, kind, a.email, b.email, source FROM pairing_rules
            JOIN participants AS a ON a.id = pairing_rules.first_id
            JOIN participants AS b ON b.id = pairing_rules.second_id
            ORDER BY pairing_rules.id
            """
        ).fetchall()
    ]


def remove_rule(db, rule_id: int) -> bool:
    """Remove one rule; False when there is no such rule."""
    cursor = db.execute("DELETE FROM pairing_rules WHERE id = ?", [rule_id])
    return cursor.rowcount > 0


def add_fixed_goals(db, goals: dict[tuple[str, str], list[dict]]) -> None:
    """Keep a roster's goals with its fixed pairs (a goal already kept, by its
    words without case, is not added twice)."""
    import json

    for (mentor, mentee), new in goals.items():
        row = db.execute(
            """
            SELECT pairing_rules.id, goals_json FROM pairing_rules
            JOIN participants AS a ON a.id = pairing_rules.first_id
            JOIN participants AS b ON b.id = pairing_rules.second_id
            WHERE kind = 'fixed' AND a.email = ? AND b.email = ?
            """,
            [mentor, mentee],
        ).fetchone()
        if row is None:
            continue
        kept = json.loads(row[1])
        seen = {goal["text"].casefold() for goal in kept}
        kept += [goal for goal in new if goal["text"].casefold() not in seen]
        db.execute(
            "UPDATE pairing_rules SET goals_json = ? WHERE id = ?",
            [json.dumps(kept, ensure_ascii=False), row[0]],
        )
