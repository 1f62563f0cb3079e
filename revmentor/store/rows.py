"""Rows as the program's tables store them."""

from __future__ import annotations

import json
from datetime import date

# Columns stored as JSON text, in every table.
JSON_COLUMNS = {
    *("topics", "objectives", "rules", "weights", "diversity_attributes"),  # program
    *("require", "statements", "session_form_prefill", "checkin_form_prefill"),
    *("teaches", "learns", "attributes", "prefers"),  # participants
    *("reasons", "shared_topics", "reason_codes"),  # pairs
    *("goals_json", "recipients"),  # pairing_rules, messages (sessions: topics)
}


def decoded(row: dict) -> dict:
    """``row`` with the JSON text of its ``JSON_COLUMNS`` read."""
    return {
        key: json.loads(value) if key in JSON_COLUMNS and value is not None else value
        for key, value in row.items()
    }


def dated(row: dict, *keys: str) -> dict:
    """``row`` with the ISO dates under ``keys`` read as dates (a time part
    written by hand is ignored; empty: None)."""
    return row | {
        key: date.fromisoformat(row[key][:10]) if row[key] else None for key in keys
    }
