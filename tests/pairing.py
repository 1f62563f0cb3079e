"""Make pairs straight in the store, so session tests need not run the matcher."""

from __future__ import annotations

from datetime import date, timedelta


def add_pair(
    cli,
    mentor: str,
    mentee: str,
    *,
    days_ago: int = 30,
    round: int = 1,
    reasons: list | None = None,  # Reason, or sentences coded by their wording
    shared: list[str] | None = None,
) -> int:
    """Insert an active pair made ``days_ago`` days before today; returns its id."""
    from revmentor.domain.pairing.reasons import Reason, legacy_code
    from revmentor.store import open_store
    from revmentor.store.pairs import insert_pairs

    default = ["covers 1 of 2 topics Dana Lee wants: TikTok"]
    texts = default if reasons is None else reasons
    store = open_store(cli.db_path, create=False)
    try:
        with store.write():
            insert_pairs(
                store.db,
                [
                    {
                        "mentor": mentor,
                        "mentee": mentee,
                        "round": round,
                        "paired_on": date.today() - timedelta(days=days_ago),
                        "score": 1.0,
                        "reasons": [
                            r if isinstance(r, Reason) else Reason(legacy_code(r), r)
                            for r in texts
                        ],
                        "shared_topics": shared if shared is not None else [],
                        "fixed": False,
                    }
                ],
            )
        return store.db.execute("SELECT MAX(id) FROM pairs").fetchone()[0]
    finally:
        store.close()


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def add_five_pairs(enrolled) -> list[int]:
    """Five active pairs made 60 days ago (behind: each is reminded)."""
    pairs = [
        add_pair(enrolled, mentor, mentee, days_ago=60)
        for mentor, mentee in (
            ("ana@example.com", "dana@example.com"),
            ("bo@example.com", "sam@example.com"),
        )
    ]
    for n in range(3):  # more pairs, so a drop falls in the middle of the run
        for role, email in (
            ("mentor", f"m{n}@example.com"),
            ("mentee", f"e{n}@example.com"),
        ):
            enrolled(
                "enroll",
                "--no-input",
                "--role",
                role,
                "--name",
                f"P {n}",
                "--email",
                email,
            )
        pairs.append(
            add_pair(enrolled, f"m{n}@example.com", f"e{n}@example.com", days_ago=60)
        )
    return pairs
