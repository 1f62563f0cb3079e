"""`revmentor intro`: an introduction message for each new pair."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import open_for_reading, say
from revmentor.domain.models import Participant, Program
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput


class IntroFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def intro_command(
    ctx: typer.Context,
    all_pairs: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every active pair, including those introduced before, "
            "e.g. to resend: revmentor intro --all --output intros/.",
        ),
    ] = False,
    fmt: Annotated[
        IntroFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (rendered in the terminal), markdown (plain Markdown) or "
            "json, e.g. --format markdown.",
        ),
    ] = IntroFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            file_okay=False,
            help="Write one file per pair into this folder (created if missing; "
            "files readable by you only), e.g. --output intros/.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the messages without recording the pairs as introduced, "
            "e.g. to proofread them first.",
        ),
    ] = False,
) -> None:
    """Write an introduction for each pair of the latest round not yet introduced.

    Each message names both people and their titles, says why they were paired
    and which topics they share, restates the program's objectives, rules of
    conduct and cadence, and suggests a first-session agenda from the mentee's
    goals. The pairs shown (in any format) are recorded as introduced, so the
    next run shows only newer pairs; --dry-run records nothing and --all shows
    every active pair again.

    Examples:

      revmentor intro

      revmentor intro --output intros/

      revmentor intro --all --format json
    """
    from revmentor.store.pairs import list_pairs
    from revmentor.store.participants import get_participant
    from revmentor.store.program import load_program

    store = open_for_reading(ctx)
    active = list_pairs(store.db)
    if all_pairs or not active:
        chosen = active
    else:
        latest = max(p.round for p in active)
        chosen = [p for p in active if p.round == latest and p.introduced_on is None]
    if not chosen:
        if fmt is IntroFormat.json and output is None:
            from revmentor.render.console import write_text

            write_text("[]\n", None)
        if not active:
            say("There are no active pairs to introduce; run `revmentor pair` first.")
        else:
            say(
                f"Every pair of round {latest} has been introduced already; "
                "`revmentor intro --all` shows them again."
            )
        return
    program = load_program(store.db)
    intros = []
    for pair in chosen:
        mentor = get_participant(store.db, pair.mentor)
        mentee = get_participant(store.db, pair.mentee)
        intros.append(introduction(pair, mentor, mentee, program))

    if output is not None:
        written = _write_files(intros, output, fmt)
        say(
            f"Wrote {len(written)} introduction{'s' if len(written) != 1 else ''} "
            f"to {_escape(str(output))}: {_escape(', '.join(written))}."
        )
    else:
        _show(intros, fmt)
    if dry_run:
        say("Dry run: nothing recorded.")
        return
    from revmentor.store.sessions import mark_introduced

    with store.write():
        mark_introduced(store.db, [i["pair_id"] for i in intros], date.today())
    if output is None and fmt is IntroFormat.text:
        say(
            f"Recorded {len(intros)} pair{'s' if len(intros) != 1 else ''} as "
            "introduced; `revmentor intro --all` shows them again."
        )


# ---------------------------------------------------------------- the message


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def _md(text: str) -> str:
    """Plain text made safe inside Markdown (no accidental emphasis or links)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _who(name: str, title: str | None, email: str) -> str:
    return f"{_md(name)}{', ' + _md(title) if title else ''} ({_md(email)})"


def agenda(
    pair, mentor: Participant | None, mentee: Participant | None, program: Program
) -> list[str]:
    """A suggested first-session agenda, drawn from the mentee's goals and topics."""
    mentor_first = _first_name(pair.mentor_name)
    mentee_first = _first_name(pair.mentee_name)
    items = [
        "Get to know each other (10 minutes): your roles, what a typical week "
        "looks like, and how you each like to keep in touch."
    ]
    goals = (mentee.goals or "").strip() if mentee else ""
    end = _program_end(program)
    by_when = (
        f" by the end of the program ({end})" if end else " by the end of the program"
    )
    if goals:
        items.append(
            f"{mentee_first}'s goal: “{goals}”. What would success look like{by_when}?"
        )
    else:
        items.append(
            f"Ask {mentee_first} what they most want to get out of the program, "
            f"and what success would look like{by_when}; write it down."
        )
    learns = list(mentee.learns) if mentee else []
    shared = {topic_key(t) for t in pair.shared_topics}
    if learns:
        topics = ", ".join(
            t + (f" ({mentor_first} teaches this)" if topic_key(t) in shared else "")
            for t in learns
        )
        items.append(
            f"Choose where to start among the topics {mentee_first} wants to learn: "
            f"{topics}."
        )
    elif pair.shared_topics:
        items.append(
            f"Choose where to start among the topics you share: "
            f"{', '.join(pair.shared_topics)}."
        )
    else:
        items.append(
            f"Find the topics where {mentor_first}'s experience is most useful to "
            f"{mentee_first}."
        )
    items.append(
        "Agree how you will work together: the rules of conduct above, meeting "
        f"every {program.cadence_days} days for about {program.session_minutes} "
        "minutes, and how to reschedule."
    )
    items.append(
        f"Book the next session (within {program.cadence_days} days) and agree one "
        f"small thing {mentee_first} will try before then."
    )
    return items


def _program_end(program: Program) -> date | None:
    if program.start is None:
        return None
    return program.start + timedelta(weeks=program.length_weeks)


def _cadence(program: Program) -> str:
    text = (
        f"Meet every {program.cadence_days} days, for about "
        f"{program.session_minutes} minutes each time"
    )
    end = _program_end(program)
    if program.start and end:
        text += (
            f"; the program runs for {program.length_weeks} weeks, "
            f"from {program.start} to {end}"
        )
    return text + ". Tell your coordinator after each session so it can be recorded."


# Reasons for the coordinator's eyes only: seniority numbers and the private
# diversity attributes ("brings a different gender") stay out of the message.
_PRIVATE_REASONS = ("level gap ", "brings a different ")


def shareable_reasons(reasons: list[str]) -> list[str]:
    """The pairing reasons fit to tell the pair themselves."""
    return [r for r in reasons if not r.lower().startswith(_PRIVATE_REASONS)]


def introduction(
    pair, mentor: Participant | None, mentee: Participant | None, program: Program
) -> dict[str, object]:
    """Everything one introduction says, JSON-ready, with its Markdown text."""
    record: dict[str, object] = {
        "pair_id": pair.id,
        "mentor": pair.mentor,
        "mentor_name": pair.mentor_name,
        "mentor_title": pair.mentor_title,
        "mentee": pair.mentee,
        "mentee_name": pair.mentee_name,
        "mentee_title": pair.mentee_title,
        "round": pair.round,
        "paired_on": pair.paired_on.isoformat(),
        "reasons": shareable_reasons(pair.reasons),
        "shared_topics": list(pair.shared_topics),
        "program": program.name,
        "objectives": list(program.objectives),
        "rules": list(program.rules),
        "cadence_days": program.cadence_days,
        "session_minutes": program.session_minutes,
        "cadence": _cadence(program),
        "agenda": agenda(pair, mentor, mentee, program),
    }
    record["markdown"] = intro_markdown(record)
    return record


def intro_markdown(intro: dict) -> str:
    mentor_first = _first_name(intro["mentor_name"])
    mentee_first = _first_name(intro["mentee_name"])
    lines = [
        f"# {_md(intro['mentor_name'])} and {_md(intro['mentee_name'])}: "
        f"welcome to {_md(intro['program'])}",
        "",
        f"{_md(mentor_first)} and {_md(mentee_first)}, you are paired for reverse "
        f"mentoring: {_md(mentor_first)} is the mentor and coaches "
        f"{_md(mentee_first)}, the mentee, who brings a senior leader's view in "
        "return.",
        "",
        f"- **Mentor:** {_who(intro['mentor_name'], intro['mentor_title'], intro['mentor'])}",
        f"- **Mentee:** {_who(intro['mentee_name'], intro['mentee_title'], intro['mentee'])}",
        "",
        "## Why you were paired",
        "",
    ]
    reasons = [_md(r) for r in intro["reasons"]] or [
        "your program coordinator paired you"
    ]
    lines += [f"- {r[0].upper()}{r[1:]}" for r in reasons]
    if intro["shared_topics"]:
        lines.append(f"- Topics you share: {_md(', '.join(intro['shared_topics']))}")
    if intro["objectives"]:
        lines += ["", "## What the program is for", ""]
        lines += [f"- {_md(o)}" for o in intro["objectives"]]
    lines += ["", "## Rules of conduct", ""]
    if intro["rules"]:
        lines += [f"- {_md(r)}" for r in intro["rules"]]
    else:
        lines.append(
            "Agree your own in the first session, starting with: what is said in "
            "a session stays in the session."
        )
    lines += ["", "## How often to meet", "", _md(intro["cadence"])]
    lines += ["", "## A suggested agenda for your first session", ""]
    lines += [f"{n}. {_md(item)}" for n, item in enumerate(intro["agenda"], 1)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- output


def _show(intros: list[dict], fmt: IntroFormat) -> None:
    from revmentor.render.console import write_text

    if fmt is IntroFormat.json:
        from revmentor.render.formats import to_json

        write_text(to_json(intros), None)
    elif fmt is IntroFormat.markdown:
        write_text("\n---\n\n".join(i["markdown"] for i in intros), None)
    else:
        from rich.markdown import Markdown
        from rich.rule import Rule

        from revmentor.render.console import stdout_console

        console = stdout_console()
        for n, intro in enumerate(intros):
            if n:
                console.print(Rule())
            console.print(Markdown(intro["markdown"]))


_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def file_stem(mentor: str, mentee: str) -> str:
    """``ana.ruiz--dana.lee`` from both emails' local parts, safe characters only."""

    def local(email: str) -> str:
        part = _UNSAFE.sub("-", email.split("@")[0].lower()).strip(".-")
        return part or "someone"

    return f"{local(mentor)}--{local(mentee)}"


def _write_files(intros: list[dict], folder: Path, fmt: IntroFormat) -> list[str]:
    from revmentor.render.console import write_text
    from revmentor.render.formats import to_json

    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; --output needs a folder.")
    if not folder.exists():
        if not folder.parent.exists():
            raise InvalidInput(
                f"Cannot create {folder}: the folder {folder.parent} does not exist."
            )
        try:
            folder.mkdir(mode=0o700)
        except OSError as error:
            raise InvalidInput(f"Cannot create {folder}: {error.strerror}.") from None
    suffix = ".json" if fmt is IntroFormat.json else ".md"
    written: list[str] = []
    for intro in intros:
        stem = file_stem(intro["mentor"], intro["mentee"])
        name = stem + suffix
        if name in written:
            name = f"{stem}-{intro['pair_id']}{suffix}"
        text = to_json(intro) if fmt is IntroFormat.json else intro["markdown"]
        write_text(text, folder / name)
        written.append(name)
    return written


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
