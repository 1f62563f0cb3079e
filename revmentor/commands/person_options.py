"""The participant flags shared by `enroll` and `people update`."""

from __future__ import annotations

from typing import Annotated

import typer

from revmentor.commands.common import whole_option
from revmentor.domain import models

Name = Annotated[str | None, typer.Option(help="Full name.")]
Email = Annotated[str | None, typer.Option(help="Email address (unique).")]
Role = Annotated[
    models.Role | None,
    typer.Option(
        case_sensitive=False,
        help="mentor (the junior who coaches) or mentee (the senior).",
    ),
]
Title = Annotated[str | None, typer.Option(help="Job title.")]
# Whole numbers are ints; a word, a fraction or a value out of bounds is bad
# data refused with a sentence (exit 1), as a roster or a prompt refuses it.
Level = Annotated[
    int | None,
    whole_option(
        "--level",
        "Seniority as a whole number from -1000 to 1000 (higher = more senior).",
    ),
]
Department = Annotated[str | None, typer.Option(help="Department.")]
Manager = Annotated[str | None, typer.Option(help="Email of the person's manager.")]
Teaches = Annotated[
    str | None, typer.Option(help="Topics a mentor can teach, comma-separated.")
]
Learns = Annotated[
    str | None, typer.Option(help="Topics a mentee wants to learn, comma-separated.")
]
Goals = Annotated[str | None, typer.Option(help="What they want to achieve.")]
Capacity = Annotated[
    int | None,
    whole_option(
        "--capacity", "How many mentees a mentor takes, 1 to 100 (default 1)."
    ),
]
Timezone = Annotated[str | None, typer.Option(help="Time zone, e.g. Europe/Madrid.")]
Attribute = Annotated[
    list[str] | None,
    typer.Option(
        metavar="KEY=VALUE",
        help="A private attribute for diversity aims (repeatable), e.g. gender=female.",
    ),
]
Organization = Annotated[
    str | None,
    typer.Option(
        help="Their organization when it is not the program's own, e.g. Burlington."
    ),
]
Prefers = Annotated[
    str | None,
    typer.Option(
        metavar="EMAILS",
        help="People of the other side they would like to be paired with, first "
        "choice first, comma-separated, e.g. dana@example.com,lee@example.com.",
    ),
]
