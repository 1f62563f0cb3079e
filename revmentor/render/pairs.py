"""How pairs and the unpaired look: records for JSON, rows for tables."""

from __future__ import annotations

from revmentor.domain.pairs import StoredPair


def pair_record(pair: StoredPair) -> dict[str, object]:
    """A stored pair for JSON: emails identify people; keys are stable."""
    return {
        "id": pair.id,
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "mentor_name": pair.mentor_name,
        "mentee_name": pair.mentee_name,
        "round": pair.round,
        "paired_on": pair.paired_on.isoformat(),
        "score": pair.score,
        "shared_topics": pair.shared_topics,
        "reasons": pair.reasons,
        "fixed": pair.fixed,
        "status": pair.status,
        "ended_on": pair.ended_on.isoformat() if pair.ended_on else None,
        "end_reason": pair.end_reason,
        "fit": pair.fit,
    }


def unpaired_panel(unpaired: list[dict], names: dict[str, str]):
    """A Rich panel listing who is unpaired and why."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for item in unpaired:
        who = f"{names.get(item['email'], item['email'])} ({item['role']})"
        table.add_row(escape(who), escape(item["reason"]))
    return Panel(
        table,
        title=f"Unpaired ({len(unpaired)})",
        title_align="left",
        border_style="yellow",
    )
