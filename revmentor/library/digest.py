"""The channel digest: the week in one short message, shown or posted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revmentor.delivery.webhook import check_webhook, post_json
from revmentor.domain.outcomes.digest import PAYLOADS, Digest, build_digest
from revmentor.library.reports import ReportsUseCases
from revmentor.store import digests as digest_store
from revmentor.store.messages import people_checkins
from revmentor.store.sessions.goals import list_goals
from revmentor.store.sessions.sessions import list_sessions


@dataclass(frozen=True)
class DigestPost:
    """What ``post_digest`` did: posted (with the HTTP status), or why not."""

    payload: dict  # what is (or would be) posted
    status: int | None = None  # the webhook's answer when posted
    # Why nothing was posted (not due, or another run is posting it), e.g.
    # "the program ended on 2026-03-01."
    skipped: str | None = None


class DigestUseCases(ReportsUseCases):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def digest(self, as_of: date | None = None, *, names: bool = False) -> Digest:
        """The week ending on ``as_of`` (default today), counts only; people's
        names (never notes nor goals' words) with ``names``."""
        report = self.report(as_of)
        people = people_checkins(self.db, as_of=report.as_of)
        sessions, goals = list_sessions(self.db), list_goals(self.db)
        return build_digest(report, sessions, goals, people, self.settings, names=names)

    def post_digest(
        self,
        url: str,
        fmt: str = "slack",
        as_of: date | None = None,
        *,
        names: bool = False,
        again: bool = False,
        dry_run: bool = False,
    ) -> DigestPost:
        """Post the week's digest to a Slack or Teams (``fmt``) webhook, once a
        week: not when one went out in the last seven days nor after the
        program's end (unless ``again``), nor while another run posts it. The
        address is never stored."""
        check_webhook(url)
        digest = self.digest(as_of, names=names)
        day, payload = digest.last_day, PAYLOADS[fmt](digest)
        end = self.settings.end
        if end is not None and end < digest.first_day and not again:
            return DigestPost(payload, skipped=f"the program ended on {end}.")
        with self.transaction(dry_run=dry_run):  # the claim is committed first
            last = digest_store.last_posted(self.db, digest.first_day, day)
            if last is not None and not again:
                why = f"the digest went out on {last}; one a week"
                return DigestPost(payload, skipped=f"{why} (--again posts it now).")
            if not digest_store.claim(self.db, day, fmt):
                why = "another run is posting today's digest."
                return DigestPost(payload, skipped=why)
        if dry_run:
            return DigestPost(payload)
        status: int | None = None
        try:
            status = post_json(url, payload)
        finally:  # the claim is kept once posted, else given back
            with self.transaction():
                digest_store.settle(self.db, day, status is not None)
        return DigestPost(payload, status=status)
