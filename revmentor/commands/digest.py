"""`revmentor digest`: the week in one short message, shown or posted to a channel."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from revmentor.commands.common import AsOfOption, dry_run_option, open_for_reading
from revmentor.render.console import say, write_text
from revmentor.render.formats import to_json

WebhookFormat = StrEnum("WebhookFormat", ["slack", "teams"])


def digest_command(
    ctx: typer.Context,
    webhook: Annotated[
        str | None,
        typer.Option(
            envvar="REVMENTOR_WEBHOOK_URL",
            metavar="URL",
            show_envvar=True,
            help="Post the digest to this Slack or Teams webhook; better given in "
            "REVMENTOR_WEBHOOK_URL (a secret: never shown, stored or logged).",
        ),
    ] = None,
    webhook_format: Annotated[
        WebhookFormat,
        typer.Option(
            help="slack (incoming-webhook JSON) or teams (a Workflows webhook: "
            "an Adaptive Card), e.g. --webhook-format teams.",
        ),
    ] = WebhookFormat.slack,
    names: Annotated[
        bool,
        typer.Option(
            "--names",
            help="Name the pairs and people behind the counts (for a "
            "coordinator's private channel).",
        ),
    ] = False,
    as_of: AsOfOption = None,
    again: Annotated[
        bool,
        typer.Option("--again", help="Post even if a digest went out this week."),
    ] = False,
    dry_run: Annotated[
        bool, dry_run_option("Show what --webhook would post today; post nothing.")
    ] = False,
) -> None:
    """The week in one short message: pairs that met, on track / behind /
    stalled (the report's rule), sessions held against expected, check-ins due
    and goals reached. Counts only: names with --names, never notes or goals'
    words.

    Without --webhook (or REVMENTOR_WEBHOOK_URL) it is shown here. With one it
    is posted once a week: run daily from cron, it posts only when no digest
    went out in the last seven days (nor once the program has ended), and two
    runs at once post it once. A post
    that fails (an HTTP error, no answer) exits 1 with the status.

    Examples:

      revmentor digest

      revmentor digest --names

      REVMENTOR_WEBHOOK_URL=https://hooks.slack.com/... revmentor digest

      REVMENTOR_WEBHOOK_URL=https://... revmentor digest --webhook-format teams --dry-run
    """
    program = open_for_reading(ctx)
    if not webhook:  # none, or REVMENTOR_WEBHOOK_URL set empty
        return write_text(program.digest(as_of, names=names).text(), None)
    post = program.post_digest(
        webhook, webhook_format, as_of, names=names, again=again, dry_run=dry_run
    )
    if dry_run:
        write_text(to_json(post.payload), None)  # bidi controls escaped
    if post.skipped:
        say(f"Nothing to post: {post.skipped}")
    elif dry_run:
        say(f"Dry run: this would be posted ({webhook_format} webhook); nothing was.")
    else:
        say(f"Posted the digest ({webhook_format} webhook, HTTP {post.status}).")
