"""Messages in the terminal: the letters themselves, who gets what, and the
`revmentor messages` listing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from revmentor.domain.messages import Message, RecordedMessage
from revmentor.render.console import emit_listing, write_text
from revmentor.render.formats import Format
from revmentor.render.letters import letter_markdown, messages_json


def notice(text: str) -> None:
    """A line for the user on stderr, shown literally (no markup, no control
    characters)."""
    from rich.text import Text

    from revmentor.render.console import stderr_console

    stderr_console().print(Text(text))


def show_letters(messages: Sequence[Message], fmt: str) -> None:
    """Print the messages on stdout: rendered (text), Markdown or JSON."""
    if fmt == "json":
        write_text(messages_json(messages), None)
    elif fmt == "markdown":
        write_text("\n---\n\n".join(letter_markdown(m.letter) for m in messages), None)
    else:
        from rich.markdown import Markdown
        from rich.rule import Rule

        from revmentor.render.console import stdout_console

        console = stdout_console()
        for n, message in enumerate(messages):
            if n:
                console.print(Rule())
            heading = f"To: {', '.join(message.to)}"
            if message.cc:
                heading += f"  Cc: {', '.join(message.cc)}"
            console.print(heading, markup=False)
            console.print(Markdown(letter_markdown(message.letter)))


def who_gets_what(messages: Sequence[Message], destinations: Sequence[str]) -> None:
    """A dry run's table: recipients, subject, and where each message would go."""
    rows = [
        {
            "to": ", ".join(m.to),
            "cc": ", ".join(m.cc),
            "subject": m.subject,
            "attachments": ", ".join(a.filename for a in m.attachments),
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
    messages: Sequence[RecordedMessage], fmt: Format, output: Path | None
) -> None:
    records = [
        {
            "id": m.id,
            "created_at": m.created_at.isoformat(),
            "kind": m.kind,
            "pair": m.pair_id,
            "participant": m.participant,
            "to": list(m.recipients),
            "subject": m.subject,
            "how": m.how,
            "status": m.status,
        }
        for m in messages
    ]
    # The table shows the moment to the minute; the JSON keeps it whole.
    rows = [
        {**record, "when": m.created_at.strftime("%Y-%m-%d %H:%M")}
        for record, m in zip(records, messages, strict=True)
    ]
    emit_listing(
        rows=rows,
        json_data=records,
        columns=["id", "when", "kind", "pair", "to", "subject", "how", "status"],
        headers=["ID", "When", "Kind", "Pair", "To", "Subject", "How", "Status"],
        fmt=fmt,
        output=output,
        title="Messages",
        empty="No messages yet: `revmentor intro` and `revmentor remind` write them.",
    )
