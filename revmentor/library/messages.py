"""Messages out: introductions, reminders, calendars, and the record of what went."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from revmentor import command_run
from revmentor.delivery.files import Data, write_files
from revmentor.delivery.smtp import Mailer
from revmentor.domain.messages import messages as compose
from revmentor.domain.messages.calendar import ics_bytes
from revmentor.domain.messages.mail_settings import SmtpSettings
from revmentor.domain.messages.messages import Kind, Message, RemindStatus
from revmentor.domain.models import PAIR_ENDED
from revmentor.domain.validation import normalize_email
from revmentor.errors import NotFound, RevmentorError
from revmentor.library.base import ProgramBase
from revmentor.store import messages as stored
from revmentor.store.pairs import list_pairs
from revmentor.store.people.participants import get_participant
from revmentor.store.sessions.goals import open_goals_by_pair
from revmentor.store.sessions.sessions import find_pairs


@dataclass
class Outgoing:
    """Messages composed for delivery, and what explains an empty batch."""

    messages: list[Message]
    # The last message recorded when these were composed: a run that claims
    # one of them after it has it, and this batch skips it.
    after_id: int
    # Introductions: the round they are for (0: no pair is active; rounds start at 1).
    latest_round: int = 0
    skipped: int = 0  # reminders: left out as reminded within the last cadence


@dataclass
class Mailing:
    """What a mailing did: how many messages were sent, refused, failed or
    skipped (another run has them), each problem, and why it stopped early."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[Message, str]] = field(default_factory=list)
    stopped: str | None = None


# What counts as delivered already: a draft, except for a run that sends.
_DONE = {False: ("draft", "claimed", "sent"), True: ("claimed", "sent")}


class MessagesUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def introductions(
        self,
        *,
        all_pairs: bool = False,
        invitations: bool = False,
        sending: bool = False,
    ) -> Outgoing:
        """An introduction for each pair of the latest round not yet introduced
        (``all_pairs``: every active pair), with its .ics when ``invitations``.
        A draft counts as an introduction, except when ``sending``."""
        after = stored.last_id(self.db)
        done = stored.delivered(self.db, Kind.intro, _DONE[sending])
        active = list_pairs(self.db)
        latest = max((pair.round for pair in active), default=0)
        program, goals = self.settings, open_goals_by_pair(self.db)
        messages = []
        for pair in active:
            # introduced_on: sent, or introduced before messages had states
            new = pair.introduced_on is None and pair.id not in done
            if all_pairs or (pair.round == latest and new):
                mentee = get_participant(self.db, pair.mentee)
                pair_goals = goals.get(pair.id, [])
                messages.append(compose.introduction(pair, mentee, program, pair_goals))
                if invitations:
                    messages[-1].invitation = ics_bytes(pair, program, mentee)
        return Outgoing(messages, after, latest)

    def reminders(
        self,
        *,
        as_of: date,
        statuses: Sequence[RemindStatus] = tuple(RemindStatus),
        checkins: bool = False,
        again: bool = False,
        sending: bool = False,
    ) -> Outgoing:
        """Reminders for the pairs in ``statuses`` on ``as_of`` (or, with
        ``checkins``, people due a check-in), leaving out those reminded within
        the last cadence unless ``again`` (a draft counts, except when ``sending``)."""
        after = stored.last_id(self.db)
        program = self.settings
        if checkins:
            people = stored.people_checkins(self.db, as_of=as_of)
            due = compose.checkin_reminders(people, program, as_of)
            kind = Kind.checkin_reminder
        else:
            activity = stored.pair_activity(self.db, as_of=as_of)
            due = compose.pair_reminders(
                activity, program, as_of, tuple(statuses), open_goals_by_pair(self.db)
            )
            kind = Kind.remind
        since = as_of - timedelta(days=program.cadence_days)
        done = _DONE[sending]
        recent = set() if again else stored.delivered(self.db, kind, done, since)
        messages = [m for m in due if (m.pair_id or m.participant) not in recent]
        return Outgoing(messages, after, skipped=len(due) - len(messages))

    def record_drafts(
        self,
        messages: Sequence[Message],
        *,
        how: str,
        folder: Path | None = None,
        contents: Sequence[tuple[str | Path, Data]] = (),
    ) -> None:
        """Record ``messages`` as drafts shown or written (``how``) and write
        their ``contents`` (file name in ``folder``, else a path) in the same
        transaction: a file that cannot be written leaves nothing recorded."""
        with self.transaction():
            for message in messages:
                stored.record_message(self.db, message, how=how, status="draft")
            if contents:
                write_files(folder, contents)

    def send_messages(self, outgoing: Outgoing, settings: SmtpSettings) -> Mailing:
        """Send the messages by e-mail, each exactly once: claimed in its own
        committed transaction before it goes (a run at the same time skips
        it), then recorded as sent, refused or failed (a re-run sends those
        two again). Stops after the message on its way at a first Ctrl-C, or
        when the database cannot record what went."""
        result = Mailing()
        # From the first claim committed on, the run holds a first Ctrl-C
        # (``command_run``): it is read here between messages.
        run = command_run.current()
        # Cannot connect: nothing is recorded.
        with contextlib.closing(Mailer(settings)) as mailer:
            for index, message in enumerate(outgoing.messages):
                if run.interrupted:
                    result.stopped = "Stopped at Ctrl-C"
                    break
                try:
                    with self.transaction():
                        row = stored.claim(self.db, message, outgoing.after_id)
                except (sqlite3.Error, RevmentorError) as error:
                    if index == 0:
                        raise  # nothing went: the one error, as any command's
                    result.stopped = (
                        f"Stopped: the database cannot record more ({error})"
                    )
                    break
                if row is None:
                    result.counts["skipped"] += 1
                    continue
                outcome = mailer.send(message)
                result.counts[outcome.status] += 1
                if outcome.problem:
                    result.problems.append((message, outcome.problem))
                try:
                    with self.transaction():
                        stored.settle(
                            self.db, row, message, outcome.status, outcome.reached
                        )
                except (sqlite3.Error, RevmentorError) as error:
                    result.stopped = (
                        f"Stopped: {message.subject!r} to {', '.join(message.recipients)} "
                        f"was {outcome.status}, but the database cannot record it ({error}); "
                        "it stays claimed, so no run sends it again"
                    )
                    break
        return result

    def messages(
        self, *, kind: Kind | None = None, person: str | None = None
    ) -> list[dict]:
        """The recorded messages, oldest first: of one kind, or to one person
        (a participant's email or name, or any address messages went to)."""
        email = None
        if person is not None:
            try:
                email = self.find_person(person).email
            except NotFound:
                email = normalize_email(person)
                if "@" not in email or not stored.list_messages(self.db, email=email):
                    raise
        return stored.list_messages(self.db, kind=kind, email=email)

    def write_calendars(
        self,
        folder: Path,
        *,
        pair: str | None = None,
        mentee: str | None = None,
        at: time = time(10, 0),
    ) -> list[tuple[str, bool]]:
        """An invitation (.ics) per active pair written into ``folder`` (one
        pair, or a mentee's); an ended pair's file cancels its series when
        named, or when its invitation is in the folder from an earlier run.
        Returns each file's name, and whether it is a cancellation."""
        wanted = self.find_person(mentee).email if mentee else None
        program = self.settings
        # Pairs in id order, so a later pair never takes an earlier one's file name.
        every = sorted(list_pairs(self.db, include_ended=True), key=lambda p: p.id)
        stems = [(compose.pair_stem(p.mentor, p.mentee), p.id) for p in every]
        named = pair is not None or wanted is not None
        ids = pair and {p.id for p in find_pairs(self.db, pair=pair, active=False)}
        chosen = [
            (p, name)
            for p, name in zip(every, compose.unique_names(stems, ".ics"), strict=True)
            if (ids is None or p.id in ids) and wanted in (None, p.mentee)
        ]
        if named and not chosen:
            what = f"pair {pair}" if pair else f"pair with the mentee {wanted}"
            raise NotFound(f"There is no {what}; `revmentor pairs --all` lists them.")
        written = []
        for chosen_pair, name in chosen:
            ended = chosen_pair.status == PAIR_ENDED
            if ended and not named and not (folder / name).exists():
                continue  # nothing to cancel
            person = get_participant(self.db, chosen_pair.mentee)
            after = _sequence(folder / name)
            ics = ics_bytes(chosen_pair, program, person, at=at, after=after)
            written.append((name, ended, ics))
        write_files(folder, [(name, ics) for name, _, ics in written])
        return [(name, ended) for name, ended, _ in written]


def _sequence(path: Path) -> int:
    """The SEQUENCE of the event in the file ``path`` replaces (-1: none)."""
    if not path.is_file() or path.is_symlink():
        return -1
    found = re.search(rb"^SEQUENCE:(\d{1,12})\r?$", path.read_bytes(), re.MULTILINE)
    return int(found[1]) if found else -1
