"""Messages out: introductions, reminders, calendars, and the record of what went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from revmentor.delivery.files import Data, write_files
from revmentor.delivery.smtp import send_all
from revmentor.domain.messages import messages as compose
from revmentor.domain.messages.calendar import ics_bytes
from revmentor.domain.messages.mail_settings import SmtpSettings
from revmentor.domain.messages.messages import Kind, Message, RemindStatus
from revmentor.domain.models import PAIR_ENDED
from revmentor.domain.validation import normalize_email
from revmentor.errors import NotFound
from revmentor.library.base import ProgramBase
from revmentor.store import messages as stored
from revmentor.store.pairs import list_pairs
from revmentor.store.people.participants import find_participant, get_participant


@dataclass
class Outgoing:
    """Messages composed for delivery, and what explains an empty batch."""

    messages: list[Message]
    latest_round: int = 0  # introductions: the round they are for
    any_active: bool = False  # introductions: whether any pair is active
    skipped: int = 0  # reminders: left out as reminded within the last cadence


@dataclass
class Sent:
    """What a mailing did: how many went, and each one that did not, with why."""

    sent: int = 0
    failures: list[tuple[Message, str]] = field(default_factory=list)


class MessagesUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def introductions(
        self, *, all_pairs: bool = False, invitations: bool = False
    ) -> Outgoing:
        """An introduction for each pair of the latest round not yet introduced
        (``all_pairs``: every active pair), with its .ics when ``invitations``."""
        active = list_pairs(self.db)
        latest = max((pair.round for pair in active), default=0)
        program = self.settings
        messages = []
        for pair in active:
            if all_pairs or (pair.round == latest and pair.introduced_on is None):
                mentee = get_participant(self.db, pair.mentee)
                messages.append(compose.introduction(pair, mentee, program))
                if invitations:
                    messages[-1].invitation = ics_bytes(pair, program, mentee)
        return Outgoing(messages, latest_round=latest, any_active=bool(active))

    def reminders(
        self,
        *,
        as_of: date,
        statuses: Sequence[RemindStatus] = tuple(RemindStatus),
        checkins: bool = False,
        again: bool = False,
    ) -> Outgoing:
        """Reminders for the pairs in ``statuses`` on ``as_of`` (or, with
        ``checkins``, people due a check-in), leaving out those reminded within
        the last cadence unless ``again``."""
        program = self.settings
        if checkins:
            people = stored.people_checkins(self.db, as_of=as_of)
            due = compose.checkin_reminders(people, program, as_of)
            kind = Kind.checkin_reminder
        else:
            activity = stored.pair_activity(self.db, as_of=as_of)
            due = compose.pair_reminders(activity, program, as_of, tuple(statuses))
            kind = Kind.remind
        since = as_of - timedelta(days=program.cadence_days)
        recent = set() if again else stored.reminded_since(self.db, kind, since)
        messages = [m for m in due if (m.pair_id or m.participant) not in recent]
        return Outgoing(messages, skipped=len(due) - len(messages))

    def record_messages(
        self,
        messages: Sequence[Message],
        *,
        how: str,
        folder: Path | None = None,
        contents: Sequence[tuple[str | Path, Data]] = (),
    ) -> None:
        """Record ``messages`` as shown or written (``how``) and write their
        ``contents`` (file name in ``folder``, else a path) in the same
        transaction: a file that cannot be written leaves nothing recorded."""
        with self.transaction():
            for message in messages:
                stored.record_message(self.db, message, how=how)
            if contents:
                write_files(folder, contents)

    def send_messages(
        self, messages: Sequence[Message], settings: SmtpSettings
    ) -> Sent:
        """Send ``messages`` by e-mail; each one a server accepts is recorded at
        once, in its own transaction, so nothing sent is lost or sent again."""
        result = Sent()

        def accepted(message: Message, reached: tuple[str, ...]) -> None:
            with self.transaction():
                stored.record_message(self.db, message, how="sent", reached=reached)
            result.sent += 1

        result.failures = send_all(messages, settings, accepted)
        return result

    def messages(
        self, *, kind: Kind | None = None, person: str | None = None
    ) -> list[dict]:
        """The recorded messages, oldest first: of one kind, or to one person
        (a participant's email or name, or any address messages went to)."""
        email = None
        if person is not None:
            try:
                email = find_participant(self.db, person).email
            except NotFound:
                email = normalize_email(person)
                if "@" not in email or not stored.list_messages(self.db, email=email):
                    raise
        return stored.list_messages(self.db, kind=kind, email=email)

    def write_calendars(
        self,
        folder: Path,
        *,
        pair: int | None = None,
        mentee: str | None = None,
        at: time = time(10, 0),
    ) -> list[tuple[str, bool]]:
        """An invitation (.ics) per active pair written into ``folder`` (one
        pair, or a mentee's); an ended pair's file cancels its series when
        named, or when its invitation is in the folder from an earlier run.
        Returns each file's name, and whether it is a cancellation."""
        wanted = find_participant(self.db, mentee).email if mentee else None
        program = self.settings
        # Pairs in id order, so a later pair never takes an earlier one's file name.
        every = sorted(list_pairs(self.db, include_ended=True), key=lambda p: p.id)
        stems = [(compose.pair_stem(p.mentor, p.mentee), p.id) for p in every]
        names = compose.unique_names(stems, ".ics")
        named = pair is not None or wanted is not None
        chosen = [
            (p, name)
            for p, name in zip(every, names, strict=True)
            if pair in (None, p.id) and wanted in (None, p.mentee.lower())
        ]
        if named and not chosen:
            what = (
                f"pair {pair}" if pair is not None else f"pair with the mentee {wanted}"
            )
            raise NotFound(f"There is no {what}; `revmentor pairs --all` lists them.")
        written = []
        for chosen_pair, name in chosen:
            ended = chosen_pair.status == PAIR_ENDED
            if ended and not named and not (folder / name).exists():
                continue  # nothing to cancel
            person = get_participant(self.db, chosen_pair.mentee)
            ics = ics_bytes(chosen_pair, program, person, at=at)
            written.append((name, ended, ics))
        write_files(folder, [(name, ics) for name, _, ics in written])
        return [(name, ended) for name, ended, _ in written]
