"""Pairing from Python: ``revmentor.Program`` as a library user calls it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from revmentor import Program
from revmentor.domain.models import Fit
from revmentor.domain.pairing.pair_rules import PairRuleKind
from revmentor.errors import InvalidInput, NotFound, RevmentorError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"
PRIYA, HELEN = "priya.nair@example.com", "helen.vogel@example.com"
KOFI, THOMAS = "kofi.asante@example.com", "thomas.becker@example.com"


@pytest.fixture
def program(tmp_path):
    with Program.open(tmp_path / "program.db", create=True) as opened:
        yield opened


def test_a_dry_run_returns_pairs_reasons_unpaired_and_import_summary(program):
    outcome = program.pair(EXAMPLE, dry_run=True)

    assert outcome.imported is not None and outcome.imported.added > 0
    assert outcome.imported.sentence(dry_run=True).startswith("Would import")
    made = {(p.mentor, p.mentee): p for p in outcome.pairs}
    assert made[(PRIYA, HELEN)].fixed  # the roster's fixed pair
    assert all(p.reasons for p in outcome.pairs)
    ceo = next(u for u in outcome.unpaired if u.email == "margaret.okafor@example.com")
    assert "reporting line" in ceo.reason
    # Nothing saved: neither the people nor the pairs.
    assert program.pairs() == []
    assert program.pair_rules() == []


def test_a_saved_pairing_is_listed_and_the_next_run_pairs_nobody_again(program):
    outcome = program.pair(EXAMPLE, on=date.today())

    listed = program.pairs()
    assert {(p.mentor, p.mentee) for p in listed} == {
        (p.mentor, p.mentee) for p in outcome.pairs
    }
    assert program.pairs(person="Helen Vogel")[0].mentor == PRIYA
    again = program.pair()
    assert again.pairs == [] and again.imported is None


def test_pair_rules_added_and_removed_from_python(program):
    program.pair(EXAMPLE, dry_run=False)
    kinds = {(r.kind, r.first, r.second) for r in program.pair_rules()}
    assert ("avoid", KOFI, THOMAS) in kinds

    rule = program.add_pair_rule(PairRuleKind.avoid, "ana.ruiz@example.com", PRIYA)
    assert (rule.kind, rule.source) == ("avoid", "rules add")
    assert program.pair_rules()[-1] == rule
    with pytest.raises(InvalidInput, match="Cannot add the rule: this avoid rule"):
        program.add_pair_rule(PairRuleKind.avoid, PRIYA, "ana.ruiz@example.com")

    assert program.remove_pair_rule(rule.id) == rule
    assert rule not in program.pair_rules()
    with pytest.raises(NotFound):
        program.remove_pair_rule(rule.id)


def test_end_pair_and_record_fit_then_rematch(program):
    program.pair(EXAMPLE, on=date.today() - timedelta(days=7))
    pair = program.pairs(person=HELEN)[0]

    assert program.record_fit((pair.mentor, pair.mentee), Fit.poor).id == pair.id
    rematched = program.pair(rematch=True)
    assert rematched.ended == 1
    assert pair.id not in {p.id for p in program.pairs()}

    other = program.pairs()[0]
    ended = program.end_pair((other.mentor, other.mentee), reason="  moved   team ")
    assert (ended.end_reason, ended.ended_on) == ("moved team", date.today())
    assert other.id not in {p.id for p in program.pairs()}
    with pytest.raises(RevmentorError):
        program.end_pair((other.mentor, other.mentee))


def test_refusals_are_the_error_family_and_change_nothing(program):
    with pytest.raises(InvalidInput, match="not both"):
        program.pair(EXAMPLE, new_round=True, rematch=True)
    with pytest.raises(InvalidInput, match="in the future|future"):
        program.pair(EXAMPLE, on=date.today() + timedelta(days=1))
    with pytest.raises(InvalidInput, match="no round to end"):
        program.pair(EXAMPLE, new_round=True)
    assert program.pairs(include_ended=True) == []
    assert program.pair_rules() == []
