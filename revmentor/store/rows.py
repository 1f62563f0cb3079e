"""Rows as the program's tables store them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial

# A list or mapping as the JSON text a column stores, non-ASCII text kept as it is.
json_text = partial(json.dumps, ensure_ascii=False)


def insert_rows(db, table: str, rows: Iterable[dict]) -> int:
    """Insert ``rows`` into ``table`` (sqlite-utils' ``insert_all``); returns how
    many. Its checks of every value cost 35 ms per 4,000 rows over a bare
    ``executemany``: 2% of `pair` at 2,000 a side, so not worth a device."""
    rows = list(rows)
    db.table(table).insert_all(rows, batch_size=500)
    return len(rows)
