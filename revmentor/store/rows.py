"""Many rows into one table with one prepared statement."""

from __future__ import annotations

import json
from collections.abc import Iterable

# A list or mapping as the JSON text a column stores, non-ASCII text kept as it
# is. One encoder, made once: ``json.dumps`` with options makes a new encoder at
# every call, which was a third of the cost of turning a person into a row.
json_text = json.JSONEncoder(ensure_ascii=False).encode


def insert_rows(db, table: str, rows: Iterable[dict]) -> int:
    """Insert ``rows`` (dicts with the same keys, values as SQLite stores them)
    into ``table``; returns how many. Several times faster than sqlite-utils'
    ``insert_all``, which inspects every value of every row."""
    rows = list(rows)
    if not rows:
        return 0
    columns = list(rows[0])
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [tuple(row[column] for column in columns) for row in rows],
    )
    return len(rows)
