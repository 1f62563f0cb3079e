"""`revmentor forms`: the session and check-in form questions, and their headers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import open_for_reading, say
from revmentor.errors import InvalidInput

FILES = (
    ("session-form.md", "sessions-template.csv"),
    ("checkin-form.md", "checkins-template.csv"),
)


def forms_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Write each form's questions (Markdown) and an empty CSV template "
            "with its header into this folder, e.g. --output forms/.",
            file_okay=False,
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
    from revmentor.domain.forms import checkin_form, session_form
    from revmentor.render.console import write_text
    from revmentor.render.forms import form_markdown, template_csv
    from revmentor.store.program import load_program

    store = open_for_reading(ctx)
    topics = load_program(store.db).topics
    forms = (
        (session_form(topics), "revmentor log --from FILE"),
        (checkin_form(topics), "revmentor checkin --from FILE"),
    )
    if output is None:
        write_text("\n".join(form_markdown(f, c) for f, c in forms), None)
        return
    if output.exists() and not output.is_dir():
        raise InvalidInput(f"{output} is a file; --output needs a folder.")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(
            f"Cannot create the folder {output}: {error.strerror}."
        ) from None
    for (form, command), (questions, template) in zip(forms, FILES, strict=True):
        write_text(form_markdown(form, command), output / questions)
        write_text(template_csv(form), output / template)
    names = ", ".join(name for pair in FILES for name in pair)
    say(f"Wrote {names} into {output}.")
