"""`revmentor report`: the program at a glance, in the terminal or as a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import OutputOption, open_for_reading
from revmentor.errors import InvalidInput
from revmentor.render.formats import Format, pick_format


def report_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help=(
                "Report the program as it stood on this day, YYYY-MM-DD "
                "(default today); sessions and check-ins dated later are "
                "ignored. Example: --as-of 2027-03-01"
            ),
        ),
    ] = None,
    department: Annotated[
        str | None,
        typer.Option(
            "--department",
            metavar="NAME",
            help=(
                "Only people of this department, and pairs with a mentor or "
                "mentee in it. Example: --department Marketing"
            ),
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=(
                "Only pairs with this status: on-track, behind, stalled or "
                "ended. Example: --status stalled"
            ),
        ),
    ] = None,
    round_: Annotated[
        int | None,
        typer.Option(
            "--round",
            metavar="N",
            min=1,
            help="Only pairs of this pairing round. Example: --round 2",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=(
                "table, json, csv (one row per pair), markdown or html "
                "(default: from the --output file's extension, else table). "
                "Example: --format html -o report.html"
            ),
        ),
    ] = None,
    output: OutputOption = None,
    include_notes: Annotated[
        bool,
        typer.Option(
            "--include-notes",
            help=(
                "Also show each pair's latest session notes and why ended "
                "pairs ended (confidential: left out unless this flag is "
                "given). Example: --include-notes"
            ),
        ),
    ] = False,
) -> None:
    """Show the program at a glance: summary, a row per pair, and the unpaired.

    The summary gives participants, pairs, match rate, sessions held against
    expected, the share of pairs on track, mean ratings, goals, and mentor
    retention (still in the program, still in the organisation) as of the
    day; then outcome change per topic and per program statement, and
    sessions per topic. A pair is on track, behind (fewer sessions than one
    per cadence since pairing), stalled (no session for more than twice the
    cadence) or ended. Anything computed from people's answers is shown only
    where at least three people answered.

    Examples:

      revmentor report

      revmentor report --status stalled --department Sales

      revmentor report --as-of 2027-03-01 --format json

      revmentor report -o report.html
    """
    from revmentor.domain import validation
    from revmentor.domain.report import ReportFilters

    day = validation.parse_date(as_of, "--as-of") if as_of is not None else None
    filters = ReportFilters(
        department=_department(department),
        status=_status(status),
        round=round_,
    )
    chosen = pick_format(fmt, output, tuple(Format))
    report = _build(ctx, day or date.today(), filters, include_notes)
    _emit(report, chosen, output)
    if output is not None:
        from revmentor.render.report_terminal import say_written

        say_written("text" if chosen is Format.table else chosen.value, output)


def _status(status: str | None) -> str | None:
    if status is None:
        return None
    from revmentor.domain.progress import parse_status

    wanted = parse_status(status)
    if wanted is None:
        raise InvalidInput(
            f"--status must be on-track, behind, stalled or ended, not {status!r}."
        )
    return wanted


def _department(department: str | None) -> str | None:
    if department is not None and not department.strip():
        raise InvalidInput("--department needs a department name, e.g. Marketing.")
    return department.strip() if department else None


def _build(ctx: typer.Context, day: date, filters, include_notes: bool):
    from revmentor.domain.report import build_report
    from revmentor.store.report import load_report_facts

    store = open_for_reading(ctx)
    try:
        facts = load_report_facts(store.db, as_of=day, include_notes=include_notes)
    finally:
        store.close()
    return build_report(
        program=facts.program,
        as_of=day,
        people=facts.people,
        pairs=facts.pairs,
        unpaired_reasons=facts.unpaired_reasons,
        unpaired_reasons_on=facts.unpaired_reasons_on,
        checkins=facts.checkins,
        filters=filters,
        include_notes=include_notes,
        organisation_recorded=facts.organisation_recorded,
        org=facts.org,
    )


def _emit(report, fmt: Format, output: Path | None) -> None:
    from revmentor.render.console import write_text

    if fmt is Format.json:
        from revmentor.render.report_files import report_json

        write_text(report_json(report), output)
    elif fmt is Format.csv:
        from revmentor.render.console import warn_about
        from revmentor.render.report_files import report_csv

        write_text(report_csv(report), output)
        for warning in report.warnings:  # a CSV file has no place for a sentence
            warn_about(warning)
    elif fmt is Format.markdown:
        from revmentor.render.report_files import report_markdown

        write_text(report_markdown(report), output)
    elif fmt is Format.html:
        from revmentor.render.report_html import report_html

        write_text(report_html(report), output)
    else:
        from revmentor.render.report_terminal import print_report

        print_report(report, output)
