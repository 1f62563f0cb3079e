"""Messages in the terminal: the letters themselves, who gets what, and the
`revmentor messages` listing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from revmentor.domain.messages import Message
from revmentor.render.console import emit_listing, write_text
from revmentor.render.formats import Format
from revmentor.render.letters import markdown, messages_json


def show_letters(messages: Sequence[Message], fmt: str) -> None:
    """Print the messages on stdout: rendered (text), Markdown or JSON."""
    if fmt == "json":
        write_text(messages_json(messages), None)
    elif fmt == "markdown":
        write_text("\n---\n\n".join(markdown(m) for m in messages), None)
    else:
        from rich.markdown import Markdown
        from rich.rule import Rule
        from rich.text import Text

        from revmentor.render.console import stdout_console

        console = stdout_console()
        for n, message in enumerate(messages):
            if n:
                console.print(Rule())
            cc = f"  Cc: {', '.join(message.cc)}" if message.cc else ""
            console.print(Text(f"To: {', '.join(message.to)}{cc}"))
            console.print(Markdown(markdown(message)))


def who_gets_what(messages: Sequence[Message], destinations: Sequence[str]) -> None:
    """A dry run's table: recipients, subject, and where each message would go."""
    rows = [
        {
            "to": ", ".join(m.to),
            "cc": ", ".join(m.cc),
            "subject": m.subject,
            "attachments": "sessions.ics" if m.invitation else "",
            "destination": where,
        }
        for m, where in zip(messages, destinations, strict=True)
    ]
    emit_listing(
        rows=rows,
        json_data=rows,
        columns=["to", "cc", "subject", "attachments", "destination"],
        headers=["To", "Cc", "Subject", "Attachments", "Goes to"],
        fmt=Format.table,
        output=None,
        title="Dry run: who would get what",
    )


def messages_listing(
    rows: Sequence[dict], fmt: Format | None, output: Path | None
) -> None:
    """The recorded messages: the table shows the moment to the minute; the
    JSON keeps it whole."""
    records = [
        {
            "id": row["id"],
            "created_at": row["created_at"],
            "kind": row["kind"],
            "pair": row["pair_id"],
            "participant": row["participant"],
            "to": json.loads(row["recipients"]),
            "subject": row["subject"],
            "how": row["how"],
            "status": row["status"],
        }
        for row in rows
    ]
    shown = [
        {
            **r,
            "when": datetime.fromisoformat(r["created_at"]).strftime("%Y-%m-%d %H:%M"),
        }
        for r in records
    ]
    emit_listing(
        rows=shown,
        json_data=records,
        columns=["id", "when", "kind", "pair", "to", "subject", "how", "status"],
        headers=["ID", "When", "Kind", "Pair", "To", "Subject", "How", "Status"],
        fmt=fmt,
        output=output,
        title="Messages",
        empty="No messages yet: `revmentor intro` and `revmentor remind` write them.",
    )
