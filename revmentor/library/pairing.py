"""Pairing: pair people (a roster first, if given), list and end pairs, record
how a pair fits, and the coordinator's pair rules (avoid, fixed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Self

from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import Fit
from revmentor.domain.pairing import matching
from revmentor.domain.pairing import pair_rules as rules
from revmentor.domain.pairing import pairs as rounds
from revmentor.domain.pairing.assignment import BASE_BYTES
from revmentor.domain.people import org as org_chart
from revmentor.errors import InvalidInput, NotFound, refusing
from revmentor.files import resolve_db_path
from revmentor.library import rosters as roster_import
from revmentor.library.base import ProgramBase
from revmentor.store import pair_rules as rule_store
from revmentor.store import pairs as pair_store
from revmentor.store.connection import open_scratch_store
from revmentor.store.people import participants as people_store
from revmentor.store.people.org import org_managers
from revmentor.store.sessions import sessions as session_store
from revmentor.store.sessions.goals import add_fixed_pair_goals
from revmentor.store.sessions.sessions import PairName, find_pairs


@dataclass(kw_only=True)
class PairingResult(matching.PairingOutcome):
    """What ``Program.pair`` made (or would make): the pairs with their reasons,
    the unpaired with theirs, warnings, and what importing the roster changed."""

    imported: roster_import.ImportSummary | None = None


class PairingUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    @classmethod
    def open_to_pair(
        cls, path: str | Path | None, *, roster: bool, dry_run: bool
    ) -> Self:
        """The program ``pair`` works on. Without a roster there is nobody to
        pair in a new file: it must exist. A dry run with a roster and no file
        yet works on an empty scratch program and creates nothing."""
        if roster and dry_run and not resolve_db_path(path).exists():
            return cls(open_scratch_store())
        return cls.open(path, create=roster)

    def pair(
        self,
        roster: str | Path | None = None,
        *,
        on: date | None = None,
        sheet: str | None = None,
        columns: list[str] | None = None,
        new_round: bool = False,
        rematch: bool = False,
        dry_run: bool = False,
        max_memory: int | None = None,
    ) -> PairingResult:
        """Import ``roster`` if given, then pair every active, unpaired mentee
        (``new_round``: end the active pairs first; ``rematch``: end those of a
        poor fit). ``dry_run`` saves nothing. ``max_memory``: bytes the matcher
        may use (default: the memory free on this machine)."""
        if new_round and rematch:
            raise InvalidInput("Choose either --new-round or --rematch, not both.")
        paired_on = day_not_in_future(on or date.today(), "--date")
        if roster is None and (sheet is not None or columns):
            raise InvalidInput("--sheet and --map need a roster file to read.")
        read = roster and roster_import.read_roster(Path(roster), sheet, columns)
        budget = available_memory() if max_memory is None else max_memory
        with self.transaction(dry_run=dry_run):
            imported = read and roster_import.apply_roster(
                self.db, read, str(roster), paired_on
            )
            outcome = _run_pairing(self, paired_on, new_round, rematch, budget)
        return PairingResult(**vars(outcome), imported=imported or None)

    def pairs(
        self,
        *,
        include_ended: bool = False,
        round: int | None = None,
        person: str | None = None,
    ) -> list[rounds.StoredPair]:
        """The pairs (active ones unless ``include_ended``), of one round or of
        one person (email or a unique name) if given."""
        email = None if person is None else self.find_person(person).email
        return pair_store.list_pairs(
            self.db, include_ended=include_ended, round=round, email=email
        )

    def end_pair(
        self,
        pair: PairName,
        *,
        reason: str = "ended by the coordinator",
        on: date | None = None,
    ) -> rounds.StoredPair:
        """End an active pair (``find_pairs`` names it); its sessions and
        history are kept. Returns it with the reason as kept."""
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput("--reason cannot be empty.")
        with self.transaction():
            why = "only active pairs can be ended"
            (found,) = find_pairs(self.db, pair=pair, why=why)
            day = on or date.today()
            with refusing("Cannot end the pair: --date"):
                roster_import.end_pairs_by_rule(self.db, reason, day, ids=[found.id])
        found.end_reason, found.ended_on = reason, day
        return found

    def record_fit(self, pair: PairName, fit: Fit) -> rounds.StoredPair:
        """Record how well an active pairing works (a poor fit is paired again
        by ``pair(rematch=True)``); returns the pair."""
        with self.transaction():
            why = "only an active pair's fit can be recorded"
            (found,) = find_pairs(self.db, pair=pair, why=why)
            session_store.set_pair_fit(self.db, found.id, fit, date.today())
        return found

    def pair_rules(self) -> list[rules.PairRule]:
        """Every avoid and fixed pair rule, oldest first, with where it came from."""
        return rule_store.all_pair_rules(self.db)

    def add_pair_rule(
        self, kind: rules.PairRuleKind, first: str, second: str
    ) -> rules.PairRule:
        """Add a pair rule the next pairing honours (``fixed``: first is the
        mentor, second the mentee); checked as a roster's are."""
        with self.transaction():
            roles = {e: r for e, (r, _) in people_store.all_emails(self.db).items()}
            with refusing("Cannot add the rule"):
                pair = rules.check_new_pair_rule(
                    kind, first, second, roles=roles, rules=self.pair_rules()
                )
            rule_store.add_pair_rules(self.db, kind, [pair], rules.COMMAND_LINE)
            return self.pair_rules()[-1]

    def remove_pair_rule(self, rule_id: int) -> rules.PairRule:
        """Remove a pair rule (pairs already made stay); returns it."""
        with self.transaction():
            rule = next((r for r in self.pair_rules() if r.id == rule_id), None)
            if rule is None or not rule_store.remove_pair_rule(self.db, rule_id):
                raise NotFound(f"There is no rule {rule_id}; see `revmentor rules`.")
        return rule


def _run_pairing(
    program: ProgramBase,
    paired_on: date,
    new_round: bool,
    rematch: bool,
    max_memory: int | None,
) -> matching.PairingOutcome:
    """End what the run ends, match, and save the new pairs and who is still
    unpaired (inside the caller's transaction)."""
    db = program.db
    current = pair_store.current_round(db)
    this_round, ended = max(current, 1), 0
    why, ids = rounds.ROUND_DONE, None  # a new round ends every active pair
    if new_round:
        latest = max((p.paired_on for p in pair_store.list_pairs(db)), default=None)
        rounds.check_new_round(paired_on, current, latest)
        this_round += 1
    if rematch:
        why = rounds.NOT_A_GOOD_FIT
        ids = [p.id for p in pair_store.list_pairs(db) if p.fit == Fit.poor]
        rounds.check_rematch(ids)
    if new_round or rematch:
        with refusing("--date"):
            ended = roster_import.end_pairs_by_rule(db, why, paired_on, ids=ids)
    active = [(p.mentor, p.mentee) for p in pair_store.list_pairs(db)]
    ever = [(p.mentor, p.mentee) for p in pair_store.list_pairs(db, include_ended=True)]
    # A fixed pair is the coordinator's decision for one pairing: once made it is
    # history like any other pair, and a later round does not repeat it.
    made = set(ever)
    fixed = [p for p in rule_store.pair_rule_pairs(db, "fixed") if p not in made]
    # People left unpaired in an earlier round wait for priority in this one.
    waited = {e: r for e, r in pair_store.waiting_since(db).items() if r < this_round}
    participants = people_store.list_participants(db)
    org, settings = org_managers(db), program.settings
    result = matching.match(  # by module: benchmarks/pairing.py times it
        participants,
        settings.matching,
        active_pairs=active,
        past_pairs=ever,
        fixed=fixed,
        avoid=rule_store.pair_rule_pairs(db, "avoid"),
        waited=waited,
        home_organization=settings.organization,
        max_memory=max_memory,
        org=org,
    )
    new_pairs = [
        {**vars(p), "round": this_round, "paired_on": paired_on} for p in result.pairs
    ]
    pair_store.insert_pairs(db, new_pairs)
    unpaired = {u.email: u.reason for u in result.unpaired}
    pair_store.replace_unpaired(db, unpaired, paired_on, this_round)
    add_fixed_pair_goals(db, date.today())  # goals a roster set for a fixed pair
    result.warnings += roster_import.unknown_managers(db, participants)
    if unchecked := org_chart.unchecked_lines_note(participants, org):
        result.warnings.append(unchecked)
    names = {p.email: p.name for p in participants}
    return matching.PairingOutcome(
        **vars(result), round=this_round, ended=ended, paired_on=paired_on, names=names
    )


def available_memory() -> int | None:
    """Bytes `pair` may use by default: the memory this machine has available
    (Linux: without swapping, page cache included), plus what this process
    already holds (about the estimate's base); None when unknown (no check)."""
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
        kilobytes = re.search(r"^MemAvailable:\s+(\d+)", meminfo, re.MULTILINE)
        return int(kilobytes[1]) * 1024 + BASE_BYTES  # type: ignore[index]
    except (OSError, TypeError):  # no such file, or no such line
        return None  # unknown: no check
