"""The participant flags shared by `enroll` and `people update`."""

from __future__ import annotations

from typing import Annotated

import typer

Name = Annotated[str | None, typer.Option("--name", help="Full name.")]
Email = Annotated[str | None, typer.Option("--email", help="Email address (unique).")]
Role = Annotated[
    str | None,
    typer.Option(
        "--role", help="mentor (the junior who coaches) or mentee (the senior)."
    ),
]
Title = Annotated[str | None, typer.Option("--title", help="Job title.")]
Level = Annotated[
    str | None,
    typer.Option("--level", help="Seniority as a whole number (higher = more senior)."),
]
Department = Annotated[str | None, typer.Option("--department", help="Department.")]
Manager = Annotated[
    str | None, typer.Option("--manager", help="Email of the person's manager.")
]
Teaches = Annotated[
    str | None,
    typer.Option("--teaches", help="Topics a mentor can teach, comma-separated."),
]
Learns = Annotated[
    str | None,
    typer.Option("--learns", help="Topics a mentee wants to learn, comma-separated."),
]
Goals = Annotated[
    str | None, typer.Option("--goals", help="What they want to achieve.")
]
Capacity = Annotated[
    str | None,
    typer.Option("--capacity", help="How many mentees a mentor takes (default 1)."),
]
Timezone = Annotated[
    str | None, typer.Option("--timezone", help="Time zone, e.g. Europe/Madrid.")
]
Attribute = Annotated[
    list[str] | None,
    typer.Option(
        "--attribute",
        metavar="KEY=VALUE",
        help="A private attribute for diversity aims (repeatable), e.g. gender=female.",
    ),
]
Organization = Annotated[
    str | None,
    typer.Option(
        "--organization",
        help="Their organisation when it is not the program's own, e.g. Burlington.",
    ),
]
Prefers = Annotated[
    str | None,
    typer.Option(
        "--prefers",
        metavar="EMAILS",
        help="People of the other side they would like to be paired with, first "
        "choice first, comma-separated, e.g. dana@example.com,lee@example.com.",
    ),
]
