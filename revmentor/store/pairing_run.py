"""One `revmentor pair` run against the stored program: end what the run ends,
match, and save the new pairs and who is still unpaired. Call inside
``Store.write()`` so the whole run is one transaction."""

from __future__ import annotations

from datetime import date

from revmentor.domain.pairs import (
    NOT_A_GOOD_FIT,
    ROUND_DONE,
    PairingOutcome,
    check_new_round,
    check_rematch,
)
from revmentor.store.goals import add_fixed_pair_goals


def run_pairing(
    db,
    paired_on: date,
    *,
    new_round: bool,
    rematch: bool,
    max_memory: int | None = None,
) -> PairingOutcome:
    """``max_memory``: bytes the matcher may use (see ``match``)."""
    from revmentor.domain.matching import match
    from revmentor.domain.org import unknown_manager_count, unknown_manager_note
    from revmentor.store import pairs as pair_store
    from revmentor.store.org import org_managers
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program
    from revmentor.store.rules import list_rules

    program = load_program(db)
    ended, this_round = _end_before_pairing(
        db, paired_on, new_round=new_round, rematch=rematch
    )
    active, ever = pair_store.pair_history(db)
    # A fixed pair is the coordinator's decision for one pairing: once made it is
    # history like any other pair, and a later round does not repeat it.
    made = set(ever)
    fixed = [pair for pair in list_rules(db, "fixed") if pair not in made]
    # People left unpaired in an earlier round wait for priority in this one.
    waited = {
        email: since
        for email, since in pair_store.waiting_since(db).items()
        if since < this_round
    }
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
    note = unknown_manager_note(unknown_manager_count(participants, org))
    _save(db, result, paired_on, this_round)
    return PairingOutcome(
        round=this_round,
        ended=ended,
        paired_on=paired_on,
        pairs=result.pairs,
        unpaired=result.unpaired,
        warnings=[*result.warnings, *([note] if note else [])],
        names={p.email: p.name for p in participants},
        unmet_preferences=result.unmet_preferences,
    )


def _end_before_pairing(
    db, paired_on: date, *, new_round: bool, rematch: bool
) -> tuple[int, int]:
    """End the pairs --new-round or --rematch ends: (how many, the round to pair)."""
    from revmentor.domain.sessions import FIT_POOR
    from revmentor.store import pairs as pair_store

    ended = 0
    current = pair_store.current_round(db)
    this_round = max(current, 1)
    if new_round:
        check_new_round(paired_on, current, pair_store.latest_active_pairing(db))
        _check_ending(db, paired_on, lambda span: True)
        ended = pair_store.end_all_active(db, ROUND_DONE, paired_on)
        this_round += 1
    if rematch:
        poor = [p for p in pair_store.list_pairs(db) if p.fit == FIT_POOR]
        check_rematch(paired_on, poor)
        poor_ids = {pair.id for pair in poor}
        _check_ending(db, paired_on, lambda span: span.pair_id in poor_ids)
        for pair in poor:
            pair_store.end_pair(db, pair.id, NOT_A_GOOD_FIT, paired_on)
        ended = len(poor)
    return ended, this_round


def _save(db, result, paired_on: date, this_round: int) -> None:
    """The new pairs, and why each unpaired person is unpaired."""
    from revmentor.store import pairs as pair_store

    pair_store.insert_pairs(
        db,
        [
            {
                "mentor": p.mentor,
                "mentee": p.mentee,
                "round": this_round,
                "paired_on": paired_on,
                "score": p.score,
                "reasons": p.reasons,
                "shared_topics": p.shared_topics,
                "fixed": p.fixed,
            }
            for p in result.pairs
        ],
    )
    pair_store.replace_unpaired(
        db, {u.email: u.reason for u in result.unpaired}, paired_on, this_round
    )
    add_fixed_pair_goals(db, date.today())  # goals a roster set for a fixed pair


def _check_ending(db, on: date, which) -> None:
    """The one pair-end rule for every active pair ``which`` selects."""
    from revmentor.domain.pair_end import check_pairs_end
    from revmentor.errors import InvalidInput
    from revmentor.store.sessions import active_pair_spans

    spans = [span for span in active_pair_spans(db) if which(span)]
    try:
        check_pairs_end(on, spans, today=date.today())
    except InvalidInput as error:
        raise InvalidInput(f"--date: {error}.") from None
