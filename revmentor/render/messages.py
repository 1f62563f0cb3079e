"""Messages as Markdown, plain text, JSON, e-mail and mail-merge CSV (every
writer reads the same ``Message``), shown in the terminal, and the
`revmentor messages` listing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from revmentor.domain.messages.messages import Message
from revmentor.render.console import emit_listing, make_console, write_text
from revmentor.render.formats import Format, markdown_text, to_csv, to_json

if TYPE_CHECKING:  # `revmentor --help` loads this module: the email package waits
    from email.message import EmailMessage


def letter_text(message: Message, *, markdown: bool = True) -> str:
    """The letter as Markdown, every value escaped (data never turns into
    markup), or as the plain-text body of an e-mail (no escapes to trip over)."""
    esc = markdown_text if markdown else str
    field = "- **{}:** {}" if markdown else "{}: {}"
    blocks = [f"# {esc(message.subject)}" if markdown else message.subject]
    for section in message.sections:
        if section.heading:
            blocks.append(f"## {esc(section.heading)}" if markdown else section.heading)
        blocks += [esc(paragraph) for paragraph in section.paragraphs]
        lists = (
            [field.format(esc(label), esc(value)) for label, value in section.fields],
            [f"- {esc(item)}" for item in section.bullets],
            [f"{n}. {esc(item)}" for n, item in enumerate(section.steps, 1)],
        )
        blocks += ["\n".join(lines) for lines in lists if lines]
    return "\n\n".join(blocks) + "\n"


def message_record(message: Message) -> dict[str, object]:
    """A message as JSON: its facts, who it goes to, and its Markdown text."""
    return {
        **message.facts,
        "kind": message.kind,
        "to": list(message.to),
        "cc": list(message.cc),
        "subject": message.subject,
        "markdown": letter_text(message),
    }


def file_content(message: Message, fmt: str, sender: str | None) -> bytes:
    """One message as a file: an e-mail draft (CRLF line ends, as mail clients
    expect), JSON, or Markdown."""
    if fmt == "eml":
        from email import policy

        # An address beyond ASCII is written as it is (as SMTPUTF8 sends it):
        # encoded words would make it another, broken address.
        ascii = "".join((*message.recipients, sender or "")).isascii()
        draft = email_message(message, sender, draft=True)
        return draft.as_bytes(policy=policy.SMTP if ascii else policy.SMTPUTF8)
    text = to_json(message_record(message)) if fmt == "json" else letter_text(message)
    return text.encode("utf-8")


def _addressed(m: Message, **more: str) -> dict[str, str]:
    """A message's addresses and subject, then ``more``: one row of a listing."""
    return {"to": ", ".join(m.to), "cc": ", ".join(m.cc), "subject": m.subject, **more}


def mail_merge_csv(messages: Sequence[Message]) -> str:
    """to, cc, subject, body: one row per message, for a mail client's merge
    (every cell neutralised against spreadsheet formulas)."""
    rows = [_addressed(m, body=letter_text(m, markdown=False)) for m in messages]
    return to_csv(rows, ["to", "cc", "subject", "body"])


def email_message(message: Message, sender: str | None, *, draft: bool) -> EmailMessage:
    """An RFC 5322 message with the pair's invitation attached, if any.
    ``draft`` marks it unsent so mail clients open it ready to send (Outlook
    reads X-Unsent)."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    mail = EmailMessage()
    if sender:
        mail["From"] = sender
    mail["To"] = ", ".join(message.to)
    if message.cc:
        mail["Cc"] = ", ".join(message.cc)
    mail["Subject"] = " ".join(message.subject.split())  # a header is one line
    mail["Date"] = formatdate(localtime=True)
    domain = sender.rpartition("@")[2] if sender else "revmentor.invalid"
    mail["Message-ID"] = make_msgid(domain=domain if domain.isascii() else None)
    if draft:
        mail["X-Unsent"] = "1"
    mail.set_content(letter_text(message, markdown=False))
    if message.invitation is not None:
        mail.add_attachment(
            message.invitation,
            maintype="text",
            subtype="calendar",
            filename="sessions.ics",
            params={"method": "PUBLISH"},
        )
    return mail


def show_letters(messages: Sequence[Message], fmt: str) -> None:
    """Print the messages on stdout: rendered (text), Markdown or JSON."""
    if fmt == "json":
        write_text(to_json([message_record(m) for m in messages]), None)
    elif fmt == "markdown":
        write_text("\n---\n\n".join(map(letter_text, messages)), None)
    else:
        from rich.markdown import Markdown

        shown = []
        for m in messages:
            cc = f"; Cc: {', '.join(m.cc)}" if m.cc else ""
            to = markdown_text(f"To: {', '.join(m.to)}{cc}")
            shown.append(f"{to}\n\n{letter_text(m)}")
        # One document: a rule between letters.
        make_console().print(Markdown("\n---\n\n".join(shown)))


def who_gets_what(messages: Sequence[Message], destinations: Sequence[str]) -> None:
    """A dry run's table: recipients, subject, and where each message would go."""
    rows = [
        _addressed(m, attachments="sessions.ics" if m.invitation else "", goes_to=where)
        for m, where in zip(messages, destinations, strict=True)
    ]
    emit_listing(
        rows=rows,
        columns=list(rows[0]),
        fmt=Format.table,
        output=None,
        title="Dry run: who would get what",
    )


def messages_listing(
    rows: Sequence[dict], fmt: str | None, output: Path | None, kind: str | None = None
) -> None:
    """The recorded messages: the table shows the moment to the minute; the
    JSON keeps it whole. None of a ``kind``: that kind is named."""
    what = {"intro": "introductions", "remind": "reminders"}.get(kind or "", "messages")
    what = "check-in reminders" if kind == "checkin-reminder" else what
    emit_listing(
        rows=[{**r, "when": r["created_at"][:16].replace("T", " ")} for r in rows],
        json_data=rows,
        columns=["id", "when", "kind", "pair", "to", "subject", "how", "status"],
        fmt=fmt,
        output=output,
        title="Messages",
        empty=f"No {what} yet: `revmentor intro` and `revmentor remind` write them.",
    )
