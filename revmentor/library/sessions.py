"""Sessions, check-ins and goals: recording what pairs did, one by one or from a file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypedDict, TypeVar, Unpack

from revmentor.domain.models import Fit, Participant
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.sessions import bulk
from revmentor.domain.sessions import checkins as checkin_rules
from revmentor.domain.sessions import goals as goal_rules
from revmentor.domain.sessions import sessions as session_rules
from revmentor.domain.sessions.checkins import CheckinEntry, StoredCheckin
from revmentor.domain.sessions.goals import GOAL_OPEN, GoalEntry, StoredGoal
from revmentor.domain.tables import Table, date_pattern, parse_map_options
from revmentor.domain.text import plural
from revmentor.domain.validation import parse_whole_number, topic_key
from revmentor.errors import Conflict, InvalidInput, NotFound, refusing
from revmentor.library.base import ProgramBase
from revmentor.spreadsheets import read_table
from revmentor.store.pairs import get_pair, list_pairs
from revmentor.store.people import participants as people_store
from revmentor.store.sessions import checkins as checkin_store
from revmentor.store.sessions import goals as goal_store
from revmentor.store.sessions import sessions as session_store

T = TypeVar("T")
CANNOT_LOG = "Cannot log the session"


class ImportOptions(TypedDict, total=False):
    """How a file of sessions, check-ins or goals is read and taken."""

    columns: Sequence[str] | None  # as --map: "column=field"
    date_format: str | None  # e.g. "MM/DD/YYYY"
    skip_invalid: bool  # record the good rows (bad ones are listed)
    dry_run: bool  # check everything, save nothing


@dataclass
class SessionContext:
    """What a session of one pair is checked against (and its questions offer)."""

    pair: StoredPair
    minutes: int  # the program's session length: the default
    known_topics: list[str]  # spellings a typed topic takes
    first_session: bool
    open_goals: list[StoredGoal]
    has_goals: bool

    def entry(self, values: Mapping[str, object]) -> session_rules.SessionEntry:
        """The session from loose answers (keys as ``new_session`` takes), by its rules."""
        with refusing(CANNOT_LOG):
            return session_rules.new_session(
                {**values, "minutes": values.get("minutes") or self.minutes},
                **_pair_days(self.pair),
                known_topics=self.known_topics,
            )

    def day(self, value: object) -> date:
        """A day of the pair's life (``day_in_pair``: raises its bare refusal)."""
        return session_rules.day_in_pair(value, **_pair_days(self.pair))

    def reached(self, named: Sequence[str], day: date) -> list[StoredGoal]:
        """The open goals ``named`` (numbers or words) that a session on ``day``
        reached, by the rules of `goals done`."""
        try:
            goals = goal_rules.reached_goals(
                ";".join(named), self.open_goals, numbers=True
            )
        except InvalidInput as error:
            raise InvalidInput(f"{CANNOT_LOG}: --goal-reached {error}.") from None
        with refusing(CANNOT_LOG):
            return goal_rules.reached_in_session(goals, day)

    def goal(self, text: str, due: object = None) -> GoalEntry:
        """A goal the pair sets now (raises the rule's bare refusal)."""
        values = {"text": text, "due": due or None}
        return goal_rules.new_goal(values, **_pair_days(self.pair))


@dataclass
class CheckinContext:
    """What a check-in of one person is checked against (and its questions ask)."""

    person: Participant
    known_topics: list[str]  # spellings a typed topic takes
    earlier: list[StoredCheckin]
    statements: list[str]  # the program's statements, scored like topics

    def entry(self, values: Mapping[str, object]) -> CheckinEntry:
        """One score from loose answers (topic, phase, score, date), by its rules."""
        with refusing(f"Cannot record the check-in for {self.person.email}"):
            return checkin_rules.new_checkin(
                values,
                today=date.today(),
                left_on=self.person.left_on,  # only one who left has one
                known_topics=self.known_topics,
            )

    def earlier_score(self, entry: CheckinEntry) -> StoredCheckin | None:
        """The person's stored score for this topic and phase, if any."""
        key = (topic_key(entry.topic), entry.phase)
        return next(
            (c for c in self.earlier if (topic_key(c.topic), c.phase) == key), None
        )

    def questions(self, topic: str | None = None) -> list[tuple[str, str]]:
        """(topic, question) to ask: about ``topic`` (spelled like a known one),
        else what the person's role and topics call for."""
        asked = checkin_rules.checkin_questions(self.person, self.statements)
        if topic is None:
            return asked
        # A topic asked about twice takes its first question.
        known = {topic_key(topic): question for topic, question in reversed(asked)}
        return [
            (topic, known.get(topic_key(topic), checkin_rules.question_about(topic)))
            for topic in session_rules.canonical_topics([topic], self.known_topics)
        ]


class SessionsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    # ------------------------------------------------------------ sessions

    def pairs_to_log(
        self,
        pair: str | None = None,
        mentor: str | None = None,
        mentee: str | None = None,
        day: date | None = None,
    ) -> list[StoredPair]:
        """The pairs named (by number, mentor and/or mentee as typed) that can log
        a session on ``day`` (default today): active ones, or an ended pair that
        was still running that day (a session logged late); all active pairs
        when none is named."""
        why = "sessions are logged for the days it ran (--date for one held by then)"
        named: dict[str, Any] = {"pair": pair, "mentor": mentor, "mentee": mentee}
        try:
            found = session_store.find_pairs(self.db, **named, why=why)
        except InvalidInput:  # an ended pair, unless the session was before its end
            day = day or date.today()
            ended = session_store.find_pairs(self.db, **named, active=False)
            found = [p for p in ended if p.ended_on and p.ran_on(day)]
            if not found:
                raise
        if not found:
            raise NotFound(
                "There are no active pairs to log a session for; "
                "run `revmentor pair` first."
            )
        return found

    def session_context(self, pair: StoredPair) -> SessionContext:
        """What a session of ``pair`` is checked against and asked with."""
        goals = goal_store.list_goals(self.db, pair_ids=[pair.id])
        first = session_store.count_sessions(self.db, pair.id) == 0
        topics = self._session_topics()(pair)
        still_open = [goal for goal in goals if goal.status == GOAL_OPEN]
        minutes = self.settings.session_minutes
        return SessionContext(pair, minutes, topics, first, still_open, bool(goals))

    def log_session(
        self,
        pair: StoredPair,
        values: Mapping[str, object],
        *,
        fit: Fit | None = None,
        goals_reached: Sequence[str] = (),
        goal: GoalEntry | None = None,
    ) -> session_rules.SessionLogged:
        """Log a session of an active pair (``values``: date, minutes, topics, notes,
        both ratings), with the pairing's fit, goals reached and a new goal."""
        with self.transaction():
            # As stored now: a pair ended meanwhile (another terminal) is
            # checked against its end day like any other.
            context = self.session_context(get_pair(self.db, pair.id) or pair)
            entry = context.entry(values)
            reached = context.reached(goals_reached, entry.date)
            same_day = session_store.sessions_on(self.db, pair.id, entry.date)
            made = session_rules.NewSession(pair.id, entry, fit, None, reached)
            session_id = self._save_sessions([made])
            added = goal_store.insert_goal(self.db, pair.id, goal) if goal else None
            held = session_store.count_sessions(self.db, pair.id)
        return session_rules.SessionLogged(
            session_id, entry, held, same_day, [g.id for g in reached], added
        )

    def log_sessions_from(
        self, table: Table | str | Path, **options: Unpack[ImportOptions]
    ) -> bulk.BulkRows:
        """Log the sessions of a form's export (a .csv or .xlsx file, or a sheet
        read with ``read_table``): all or none, or the good rows with
        ``skip_invalid`` (the bad ones are listed)."""
        table = _read(table)
        with self.transaction(dry_run=options.get("dry_run", False)):
            context = self._file_context(
                options,
                default_minutes=self.settings.session_minutes,
                topics_of=self._session_topics(),
                stored=session_store.session_responses(self.db),
                open_goals=goal_store.open_goals_by_pair(self.db),
                same_day=session_store.first_of_each_day(self.db),
            )
            rows = bulk.session_rows(table, context)
            _refuse_bad_rows(rows, table, options, "sessions", "logged")
            self._save_sessions(rows.added, rows.joined)
        return rows

    def _save_sessions(
        self,
        made: Sequence[session_rules.NewSession],
        joined: Sequence[session_rules.NewSession] = (),
    ) -> int:
        """Insert sessions and change the stored ones answers ``joined``, with
        the fit and the goals each records; returns the id of a lone new one."""
        session_id = session_store.insert_sessions(self.db, made)
        for new in joined:
            assert new.session_id is not None  # joined: a stored session
            session_store.update_session(
                self.db, new.session_id, new.entry, new.response_id
            )
        for new in [*made, *joined]:
            if new.fit is not None:
                session_store.set_pair_fit(self.db, new.pair_id, new.fit, date.today())
            for goal in new.reached:
                goal_store.mark_reached(self.db, goal.id, new.entry.date)
        return session_id

    def sessions(
        self,
        *,
        pair: str | None = None,
        mentor: str | None = None,
        mentee: str | None = None,
        person: str | None = None,
        since: date | None = None,
    ) -> list[session_rules.LoggedSession]:
        """Sessions, oldest first: of a pair, a mentor, a mentee, either side,
        since a day."""

        def email(text: str | None, role: str | None) -> str | None:
            if text is None:
                return None
            return session_store.person_in_role(self.db, text, role).email

        found = session_store.list_sessions(
            self.db,
            mentor=email(mentor, "mentor"),
            mentee=email(mentee, "mentee"),
            person=email(person, None),
            since=since,
        )
        if pair is None:
            return found
        ids = {p.id for p in self._pairs_named(pair, active=False)}
        return [session for session in found if session.pair_id in ids]

    def session(self, number: int | str) -> session_rules.LoggedSession:
        """The session numbered ``number`` (12 or "#12"), as `sessions` lists it."""
        return _numbered(number, partial(session_store.get_session, self.db), "session")

    def edit_session(
        self, number: int | str, values: Mapping[str, object]
    ) -> tuple[session_rules.LoggedSession, session_rules.SessionEntry]:
        """Correct a logged session: the given (non-None) fields change; returns
        it as it was, and as it is (the same when nothing changed)."""
        session = self.session(number)
        pair = get_pair(self.db, session.pair_id)
        assert pair is not None  # a session's pair is kept (foreign key)
        with refusing(f"Cannot change session #{session.id}"):
            entry = session_rules.changed_session(
                session.entry,
                values,
                **_pair_days(pair),
                known_topics=self._session_topics()(pair),
            )
        if entry != session.entry:
            with self.transaction():
                session_store.update_session(self.db, session.id, entry)
        return session, entry

    def delete_session(self, number: int | str) -> session_rules.LoggedSession:
        """Delete a session logged by mistake; returns it as it was."""
        session = self.session(number)
        with self.transaction():
            session_store.delete_session(self.db, session.id)
        return session

    def _session_topics(self) -> Callable[[StoredPair], list[str]]:
        """The topics a pair's session may name: the pair's shared ones, what the
        mentee wants to learn, and the program's catalogue."""
        catalogue = self.settings.topics

        def topics_of(pair) -> list[str]:
            mentee = people_store.get_participant(self.db, pair.mentee)
            return [*pair.shared_topics, *(mentee.learns if mentee else []), *catalogue]

        return topics_of

    # ------------------------------------------------------------ goals

    def goals(
        self, *, pair: str | None = None, only_open: bool = False
    ) -> list[StoredGoal]:
        """Goals by pair (``pair``: a number, or a person: all their pairs')."""
        ids = None
        if pair is not None:
            ids = [p.id for p in self._pairs_named(pair, active=False)]
        return goal_store.list_goals(self.db, pair_ids=ids, only_open=only_open)

    def add_goal(
        self, pair: str, text: str, *, due: date | None = None, on: date | None = None
    ) -> StoredGoal:
        """Add a goal to an active pair (``on``: the day it was set, default today)."""
        (chosen,) = self._pairs_named(pair, active=True)
        with refusing("Cannot add the goal"):
            goal = goal_rules.new_goal(
                {"text": text, "due": due, "created_on": on}, **_pair_days(chosen)
            )
        with self.transaction():
            goal_id = goal_store.insert_goal(self.db, chosen.id, goal)
        return self.goal(goal_id)

    def add_goals_from(
        self, table: Table | str | Path, **options: Unpack[ImportOptions]
    ) -> bulk.BulkRows:
        """Add the goals of a .csv or .xlsx file (or a read sheet): its pair,
        the goal's words, an optional due date and day set; all or none, or
        the good rows with ``skip_invalid``."""
        table = _read(table)
        with self.transaction(dry_run=options.get("dry_run", False)):
            stored = goal_store.list_goals(self.db)
            context = self._file_context(
                options,
                stored={(goal.pair_id, goal.text.casefold()) for goal in stored},
            )
            rows = bulk.goal_rows(table, context)
            _refuse_bad_rows(rows, table, options, "goals", "added")
            for pair_id, goal in rows.added:
                goal_store.insert_goal(self.db, pair_id, goal)
        return rows

    def goal(self, number: int | str) -> StoredGoal:
        """The goal numbered ``number`` (3 or "#3"), as `goals` lists it."""
        return _numbered(number, partial(goal_store.get_goal, self.db), "goal")

    def reach_goal(self, number: int | str, on: date | None = None) -> StoredGoal:
        """Mark an open goal reached (``on``: default today)."""
        return self._close_goal(number, on or date.today(), "done_on")

    def drop_goal(self, number: int | str, on: date | None = None) -> StoredGoal:
        """Drop an open goal the pair no longer pursues (kept, as dropped), on
        ``on`` (default today: a past day must fall in the pair's life)."""
        return self._close_goal(number, on, "dropped_on")

    def _close_goal(
        self, number: int | str, on: date | None, column: str
    ) -> StoredGoal:
        """Close an open goal, reached or dropped (``column``), on ``on`` (as
        ``check_reached`` takes it)."""
        goal = self.goal(number)
        pair = get_pair(self.db, goal.pair_id)
        assert pair is not None  # a goal's pair is kept (foreign key)
        action = "mark goal #{} reached" if column == "done_on" else "drop goal #{}"
        with refusing(f"Cannot {action.format(goal.id)}"):
            day = goal_rules.check_reached(goal, on, **_pair_days(pair))
        with self.transaction():
            goal_store.mark_reached(self.db, goal.id, day, column)
        return self.goal(goal.id)

    def _pairs_named(self, text: str, *, active: bool) -> list[StoredPair]:
        """The pairs PAIR names (see ``find_pairs``): one active pair when
        ``active``, else every pair of a person it names."""
        why = "goals are set by active pairs"
        return session_store.find_pairs(self.db, pair=text, active=active, why=why)

    # ------------------------------------------------------------ check-ins

    def people_to_check_in(self) -> list[Participant]:
        """Everyone enrolled (a check-in may be anyone's)."""
        people = people_store.list_participants(self.db)
        if not people:
            raise NotFound(
                "Nobody is enrolled yet; add people with `revmentor enroll`."
            )
        return people

    def checkin_context(self, person: str | Participant) -> CheckinContext:
        """What a check-in of ``person`` (a participant, or as typed) goes by."""
        if isinstance(person, str):
            person = self.find_person(person)
        earlier = checkin_store.list_checkins(self.db, email=person.email)
        topics, statements = self._checkin_topics()(person), self.settings.statements
        return CheckinContext(person, topics, earlier, statements)

    def record_checkins(
        self,
        person: str | Participant,
        scores: Sequence[Mapping[str, object]],
        *,
        replace: bool = False,
    ) -> list[CheckinEntry]:
        """Record a person's scores (each: topic, phase, score, date); an earlier
        score for the same topic and phase is overwritten only with ``replace``."""
        context = self.checkin_context(person)
        entries = [context.entry(values) for values in scores]
        for clash in map(context.earlier_score, [] if replace else entries):
            if clash is not None:
                raise Conflict(
                    f"{context.person.email} already has a {clash.phase} score for "
                    f"{clash.topic} ({clash.score}, on {clash.date}); add --replace "
                    "to overwrite it."
                )
        with self.transaction():
            checkin_store.save_checkins(
                self.db, context.person.email, entries, replace=replace
            )
        return entries

    def record_checkins_from(
        self, table: Table | str | Path, **options: Unpack[ImportOptions]
    ) -> bulk.BulkRows:
        """Record the check-ins of a form's export (a .csv or .xlsx file, or a sheet
        read with ``read_table``): all or none, or the good rows with
        ``skip_invalid`` (the bad ones are listed)."""
        table = _read(table)
        with self.transaction(dry_run=options.get("dry_run", False)):
            context = self._file_context(
                options,
                topics_of=self._checkin_topics(),
                stored=checkin_store.checkin_responses(self.db),
            )
            rows = bulk.checkin_rows(table, context)
            _refuse_bad_rows(rows, table, options, "check-ins", "recorded")
            checkin_store.insert_checkins(self.db, rows.added)
        return rows

    def _file_context(self, options: ImportOptions, **known: Any) -> bulk.Context:
        """What a file's rows are checked against: everyone enrolled, every
        pair, today, the file's options, and what the kind of record needs
        (``known``)."""
        # A misspelt option must not pass unseen (``dryrun=True`` would save).
        if unknown := options.keys() - ImportOptions.__annotations__.keys():
            raise TypeError(f"unexpected option(s): {', '.join(sorted(unknown))}")
        pattern = options.get("date_format")
        return bulk.Context(
            people=people_store.list_participants(self.db),
            pairs=list_pairs(self.db, include_ended=True),
            today=date.today(),
            date_pattern=date_pattern(pattern) if pattern else None,
            mapping=parse_map_options(options.get("columns")),
            **known,
        )

    def checkins(
        self,
        *,
        email: str | None = None,
        topic: str | None = None,
        phase: str | None = None,
    ) -> list[StoredCheckin]:
        """Check-in scores by person, phase, topic (``email``: a person as typed)."""
        if email is not None:
            email = self.find_person(email).email
        topic = " ".join(topic.split()) if topic else None
        return checkin_store.list_checkins(
            self.db, email=email, topic=topic, phase=phase
        )

    def _checkin_topics(self) -> Callable[[Participant], list[str]]:
        """The topics a person's check-in may name: theirs, the mentors' two, the
        program's topics and statements, and any scored before."""
        program = self.settings
        common = [
            *checkin_rules.MENTOR_CHECKIN_TOPICS,
            *program.topics,
            *program.statements,
            *checkin_store.known_topics(self.db),
        ]
        return lambda person: [*person.learns, *person.teaches, *common]


def _numbered(text: int | str, get: Callable[[int], T | None], what: str) -> T:
    """The record ``text`` numbers (12 or #12), as `revmentor WHATs` lists it."""
    given = str(text).strip().removeprefix("#")
    try:
        number = parse_whole_number(given, "ID", minimum=1)
    except InvalidInput:
        raise InvalidInput(
            f"A {what} ID is a number as listed by `revmentor {what}s`, not {text!r}."
        ) from None
    found = get(number)
    if found is None:
        raise NotFound(
            f"No {what} #{number}; see `revmentor {what}s` for their numbers."
        )
    return found


def _pair_days(pair: StoredPair) -> dict[str, Any]:
    """What a day in the pair's life is checked against (``day_in_pair``)."""
    return dict(paired_on=pair.paired_on, today=date.today(), ended_on=pair.ended_on)


def _read(table: Table | str | Path) -> Table:
    """A sheet read already, or the .csv or .xlsx file named."""
    return table if isinstance(table, Table) else read_table(Path(table))


def _refuse_bad_rows(
    rows: bulk.BulkRows, table: Table, options: ImportOptions, what: str, done: str
) -> None:
    """Bad rows refuse the whole file, unless ``skip_invalid`` and some row
    is good."""
    skip_invalid = options.get("skip_invalid", False)
    if rows.problems and (not skip_invalid or not (rows.added or rows.already)):
        listed = "\n".join(f"  {problem}" for problem in rows.problems)
        others = "" if skip_invalid else ", or add --skip-invalid to record the others"
        raise InvalidInput(
            f"{plural(len(rows.problems), 'row')} of {table.source} cannot be "
            f"{done}, so no {what} were {done} (fix them{others}):\n{listed}"
        )
