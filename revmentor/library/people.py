"""People: enrolment, rosters, the org chart, finding and changing one person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import LEFT_ORGANISATION_REASON, LEFT_REASON, Participant
from revmentor.domain.people import org as org_chart
from revmentor.domain.people import people as rules
from revmentor.domain.people.story import tell_story
from revmentor.errors import Conflict, InvalidInput, refusing
from revmentor.library.base import ProgramBase
from revmentor.store import pairs as pair_store
from revmentor.store.people import org as org_store
from revmentor.store.people import participants as stored
from revmentor.store.sessions.checkins import list_checkins
from revmentor.store.sessions.goals import list_goals
from revmentor.store.sessions.sessions import list_sessions

if TYPE_CHECKING:  # imported where used: `people show` need not load roster rules
    from revmentor.library.rosters import ImportSummary


@dataclass
class PersonChange:
    """One person before and after a change, and what the coordinator should
    be told: ``note`` (a sentence, or None) and how many active pairs ended."""

    person: Participant
    before: Participant
    note: str | None = None
    ended: int = 0


@dataclass
class OrgImport:
    """What importing an org chart file changed."""

    added: int
    updated: int
    unchanged: int
    removed: int
    warnings: list[str]
    participants: int = 0  # of the file's people: the rest are outside the program


class PeopleUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def people(self, **filters: str | None) -> list[Participant]:
        """Everyone enrolled (mentors first, by name), or only those of the
        ``role``, ``status`` and ``department`` given."""
        return stored.list_participants(self.db, **filters)

    def story(
        self, person: str, *, include_private: bool = False, include_notes: bool = False
    ) -> dict:
        """One person's whole story: who they are (private attributes with
        ``include_private``), their pairs with sessions held and expected,
        check-ins and goals (their words with ``include_notes``)."""
        found = self.find_person(person)
        pairs = pair_store.list_pairs(self.db, include_ended=True, email=found.email)
        sessions = list_sessions(self.db, person=found.email)
        return tell_story(
            found,
            pairs=pairs,
            session_days=[(session.pair_id, session.date) for session in sessions],
            checkins=list_checkins(self.db, email=found.email),
            goals=list_goals(self.db, pair_ids=[pair.id for pair in pairs]),
            cadence_days=(settings := self.settings).cadence_days,
            today=date.today(),
            program_end=settings.end,
            include_private=include_private,
            include_notes=include_notes,
        )

    def refuse_enrolled(self, email: str) -> None:
        """Refuse (Conflict) an address that is already enrolled."""
        if (known := stored.get_participant(self.db, email)) is not None:
            raise Conflict(
                f"{known.email} is already enrolled (as {known.name}); "
                f"use `revmentor people update {known.email}` to change their details."
            )

    def enroll(self, person: Participant) -> PersonChange:
        """Add one participant (checked by the participant rules), enrolled
        today unless ``person`` says when."""
        with self.transaction(), refusing("Cannot enroll"):
            person = rules.new_participant(asdict(person))
            self.refuse_enrolled(person.email)
            rules.check_manager_chain(person, stored.manager_map(self.db))
            rules.check_prefers(person, stored.all_emails(self.db))
            person = replace(person, enrolled_on=person.enrolled_on or date.today())
            stored.insert_participant(self.db, person)
        return PersonChange(person, person, self._manager_note(person))

    def update_person(self, person: str, changes: Mapping[str, object]) -> PersonChange:
        """Change the given (non-None) fields of one person; attributes given
        are merged into theirs, and the role stays while they are in a pair."""
        before = self.find_person(person)
        if isinstance(extra := changes.get("attributes"), dict):
            changes = {**changes, "attributes": {**before.attributes, **extra}}
        with refusing(f"Cannot update {before.email}"):
            after = rules.changed_participant(before, changes)
            rules.check_manager_chain(after, stored.manager_map(self.db))
            rules.check_prefers(after, stored.all_emails(self.db))
        busy = pair_store.has_active_pair(self.db, before.email)
        if before.role != after.role and busy:
            raise InvalidInput(
                f"Cannot make {before.email} a {after.role}: they are in an active "
                f"pair as a {before.role}; end it first with `revmentor pairs end`."
            )
        with self.transaction():
            stored.update_participant(self.db, after)
        note = self._manager_note(after) if changes.get("manager") else None
        return PersonChange(after, before, note)

    def pause(self, person: str) -> Participant:
        """Pause one person: their pairs stay; they are not paired until resumed."""
        return self._change(person, rules.paused_participant)

    def resume(self, person: str) -> Participant:
        """Make a paused person active again (or undo a mistaken leave)."""
        return self._change(person, rules.resumed_participant)

    def leave(
        self,
        person: str,
        *,
        on: date | None = None,
        reason: str | None = None,
        left_organisation: bool = False,
    ) -> PersonChange:
        """Record that one person left the program (and, with
        ``left_organisation``, the organization) on ``on`` (default today),
        ending their active pairs; their history stays."""
        from revmentor.library import rosters

        today = date.today()
        before = self.find_person(person)
        with refusing(f"Cannot record that {before.email} left"):
            after = rules.left_participant(
                before,
                on=on or today,
                today=today,
                reason=reason,
                left_organisation=left_organisation,
                last_session=stored.last_session(self.db, before.email),
            )
            gone = after.left_organisation_on
            with self.transaction():
                stored.update_participant(self.db, after)
                why = LEFT_ORGANISATION_REASON if gone else LEFT_REASON
                day = after.left_on or today
                ended = rosters.end_pairs_by_rule(self.db, why, day, email=after.email)
        return PersonChange(after, before, ended=ended)

    def import_roster(
        self, path: Path, on: date | None = None, **table: Any
    ) -> ImportSummary:
        """Add or update people, program settings, pair rules and the org chart
        from a roster file (YAML, CSV or Excel); all of it or nothing.
        ``on``: the day new people enrolled and people marked left left (default
        today). ``table``: ``sheet`` and ``columns`` (--map), as ``read_roster``
        takes them."""
        from revmentor.library import rosters

        on = day_not_in_future(on or date.today(), "--date")
        roster = rosters.read_roster(path, **table)
        with self.transaction():
            summary = rosters.apply_roster(self.db, roster, str(path), on)
        summary.warnings += rosters.unknown_managers(self.db)
        return summary

    def org(self) -> dict[str, int]:
        """How many people the org chart holds, how deep it goes, how many are
        at the top, and how many participants have a manager nobody knows."""
        managers = org_store.org_managers(self.db)
        return org_chart.org_summary(managers, stored.list_participants(self.db))

    def org_chart(self) -> list[dict[str, object]]:
        """Everyone in the org chart and the program, each under their manager
        (``domain.people.org.chart``)."""
        people = stored.list_participants(self.db)
        return org_chart.chart(org_store.list_org(self.db), people)

    def import_org(self, path: Path, replace: bool = False, **table: Any) -> OrgImport:
        """Add or update the org chart's people from a file; with ``replace``,
        also remove those the file no longer lists. ``table``: as ``import_roster``."""
        from revmentor.library import rosters

        people = rosters.read_org(path, **table)
        with self.transaction():
            counts = org_store.upsert_org(self.db, people)
            keep = {p.email for p in people}
            removed = org_store.remove_org_except(self.db, keep) if replace else 0
        enrolled = len(keep & set(stored.all_emails(self.db)))
        warnings = rosters.unknown_managers(self.db)
        return OrgImport(*counts, removed, warnings, enrolled)

    def _change(self, person: str, change: Callable) -> Participant:
        """Apply ``change`` (a domain function of the person) and save it."""
        changed = change(self.find_person(person))
        with self.transaction():
            stored.update_participant(self.db, changed)
        return changed

    def _manager_note(self, person: Participant) -> str | None:
        """A manager nobody enrolled breaks the reporting-line check above them."""
        known = stored.manager_map(self.db).keys() | org_store.org_managers(self.db)
        if not person.manager or person.manager in known:
            return None
        return (
            f"Note: the manager {person.manager} is not enrolled, so the reporting line "
            "above them cannot be checked; check the address, or import the org chart."
        )
