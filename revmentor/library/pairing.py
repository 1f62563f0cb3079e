"""One `revmentor pair` run against the stored program: end what the run ends,
match, and save the new pairs and who is still unpaired. Call inside
``Store.write()`` so the whole run is one transaction."""

from __future__ import annotations

from datetime import date

from revmentor.domain.pairing.pairs import (
    NOT_A_GOOD_FIT,
    ROUND_DONE,
    PairingOutcome,
    check_new_round,
    check_rematch,
)
from revmentor.errors import InvalidInput
from revmentor.library.base import ProgramBase
from revmentor.store import pairs as pair_store
from revmentor.store.sessions.goals import add_fixed_pair_goals


def run_pairing(
    db,
    paired_on: date,
    *,
    new_round: bool,
    rematch: bool,
    max_memory: int | None = None,
) -> PairingOutcome:
    """``max_memory``: bytes the matcher may use (see ``match``)."""
    from revmentor.domain.pairing.matching import match
    from revmentor.domain.people.org import (
        unchecked_lines_note,
        unknown_manager_count,
        unknown_manager_note,
    )
    from revmentor.store.avoid_fixed import list_rules
    from revmentor.store.people.org import org_managers
    from revmentor.store.people.participants import list_participants
    from revmentor.store.program import load_program

    program = load_program(db)
    current = pair_store.current_round(db)
    this_round, ended = max(current, 1), 0
    if new_round:
        latest = max((p.paired_on for p in pair_store.list_pairs(db)), default=None)
        check_new_round(paired_on, current, latest)
        _check_ending(db, paired_on, None)
        ended = pair_store.end_all_active(db, ROUND_DONE, paired_on)
        this_round += 1
    if rematch:
        poor = [p for p in pair_store.list_pairs(db) if p.fit == "poor"]
        check_rematch(paired_on, poor)
        _check_ending(db, paired_on, {pair.id for pair in poor})
        for pair in poor:
            pair_store.end_pair(db, pair.id, NOT_A_GOOD_FIT, paired_on)
        ended = len(poor)
    active = [(p.mentor, p.mentee) for p in pair_store.list_pairs(db)]
    ever = [(p.mentor, p.mentee) for p in pair_store.list_pairs(db, include_ended=True)]
    # A fixed pair is the coordinator's decision for one pairing: once made it is
    # history like any other pair, and a later round does not repeat it.
    made = set(ever)
    fixed = [pair for pair in list_rules(db, "fixed") if pair not in made]
    # People left unpaired in an earlier round wait for priority in this one.
    waited = {e: r for e, r in pair_store.waiting_since(db).items() if r < this_round}
    participants = list_participants(db)
    org = org_managers(db)
    result = match(
        participants,
        program.matching,
        active_pairs=active,
        past_pairs=ever,
        fixed=fixed,
        avoid=list_rules(db, "avoid"),
        waited=waited,
        home_organization=program.organization,
        max_memory=max_memory,
        org=org,
    )
    notes = [
        unknown_manager_note(unknown_manager_count(participants, org)),
        unchecked_lines_note(participants, org),
    ]
    new_pairs = [
        {**vars(p), "round": this_round, "paired_on": paired_on} for p in result.pairs
    ]
    pair_store.insert_pairs(db, new_pairs)
    unpaired = {u.email: u.reason for u in result.unpaired}
    pair_store.replace_unpaired(db, unpaired, paired_on, this_round)
    add_fixed_pair_goals(db, date.today())  # goals a roster set for a fixed pair
    result.warnings += [note for note in notes if note]
    names = {p.email: p.name for p in participants}
    return PairingOutcome(
        **vars(result), round=this_round, ended=ended, paired_on=paired_on, names=names
    )


def _check_ending(db, on: date, ids: set[int] | None) -> None:
    """The one pair-end rule for the active pairs ``ids`` (None: all of them)."""
    from revmentor.domain.pairing.pair_end import check_pairs_end
    from revmentor.store.sessions.sessions import active_pair_spans

    spans = [s for s in active_pair_spans(db) if ids is None or s.pair_id in ids]
    try:
        check_pairs_end(on, spans, today=date.today())
    except InvalidInput as error:
        raise InvalidInput(f"--date: {error}.") from None


class PairingUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
