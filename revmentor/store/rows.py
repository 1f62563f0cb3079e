"""Rows as the program's tables store them."""

from __future__ import annotations

import json
from datetime import date
from functools import partial

# A list or mapping as the JSON text a column stores, non-ASCII text kept as it is.
json_text = partial(json.dumps, ensure_ascii=False)


def dated(row: dict, *keys: str) -> dict:
    """``row`` with the ISO dates under ``keys`` read as dates (a time part
    written by hand is ignored; empty: None)."""
    return row | {
        key: date.fromisoformat(row[key][:10]) if row[key] else None for key in keys
    }
