"""`revmentor forms`: the session and check-in form questions, and their headers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.delivery.files import write_files
from revmentor.render.console import say, write_text


def forms_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        common.folder_option(
            "Write each form's questions (Markdown) and an empty CSV template "
            "with its header into this folder, e.g. --output forms/."
        ),
    ] = None,
) -> None:
    """Show the questions of a session form and a check-in form to build in
    Google or Microsoft Forms, with the program's topics as choices, and the
    header their export has, so `log --from` and `checkin --from` read it with
    no --map.

    Examples:

    \b
      revmentor forms
      revmentor forms --output forms/
    """
    # The forms' records load pydantic, which `revmentor --help` need not.
    from revmentor.domain.messages.forms import checkin_form, session_form
    from revmentor.render.forms import form_markdown, template_csv

    topics = common.open_for_reading(ctx).settings.topics
    files, texts = [], []
    for form, command, stem in (
        (session_form(topics), "log", "session"),
        (checkin_form(topics), "checkin", "checkin"),
    ):
        texts.append(form_markdown(form, f"revmentor {command} --from FILE"))
        files.append((f"{stem}-form.md", texts[-1].encode()))
        files.append((f"{stem}s-template.csv", template_csv(form).encode()))
    if output is None:
        return write_text("\n".join(texts), None)
    write_files(output, files)
    say(f"Wrote {', '.join(name for name, _ in files)} into {output}.")
