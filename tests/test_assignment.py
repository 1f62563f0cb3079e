"""The exact solvers: lapx's (the `fast` extra) and scipy's agree; the big cost on
ineligible cells keeps "most pairs first" at scale; the memory budget."""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revmentor.domain import ties
from revmentor.domain.assignment import (
    Eligibility,
    assign,
    forbidden_cost,
    memory_needed,
    solver_name,
)
from revmentor.domain.matching import match
from revmentor.domain.models import MatchingSettings, Participant
from revmentor.domain.ties import same_on_ties
from revmentor.errors import InvalidInput
from tests.conftest import Cli
from tests.test_matching import TOPICS, programs, ref_score, run

pytest.importorskip("lap")  # the test extra installs lapx, as the fast extra does

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


def with_scipy(function, *args, **kwargs):
    """Call ``function`` as if lapx were not installed: scipy solves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "lap", None)  # `import lap` raises ImportError
        assert solver_name() == "scipy linear_sum_assignment"
        return function(*args, **kwargs)


def total(result, people, cfg) -> float:
    by_email = {p.email: p for p in people}
    return sum(
        ref_score(by_email[p.mentor], by_email[p.mentee], cfg)
        for p in result.pairs
        if not p.fixed
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_fast_and_scipy_solvers_agree_on_the_brute_force_rosters(program):
    people, cfg, *_ = program
    assert solver_name() == "lapx lapjvr"
    fast = run(*program)
    plain = with_scipy(run, *program)
    assert len(fast.pairs) == len(plain.pairs)
    assert total(fast, people, cfg) == pytest.approx(
        total(plain, people, cfg), abs=1e-9
    )
    assert fast.warnings == plain.warnings
    # Ties too: among several best pairings, both keep the one the rule picks.
    assert fast == plain


def all_optimal_assignments(cost: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every assignment of the smaller side reaching the least total, by brute force."""
    n_rows, n_cols = cost.shape
    if n_rows <= n_cols:
        options = [
            (np.arange(n_rows), np.array(cols))
            for cols in itertools.permutations(range(n_cols), n_rows)
        ]
    else:
        options = [
            (np.array(rows), np.arange(n_cols))
            for rows in itertools.permutations(range(n_rows), n_cols)
        ]
    totals = [cost[rows, cols].sum() for rows, cols in options]
    best = min(totals)
    found = []
    for (rows, cols), value in zip(options, totals, strict=True):
        if value <= best + 1e-9:  # equal but for float rounding
            order = np.argsort(rows)
            found.append((rows[order], cols[order]))
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 6),
    st.integers(0, 2**32 - 1),
    st.sampled_from([2, 3, 10]),
    st.booleans(),
)
def test_the_tie_rule_picks_one_assignment_whichever_optimal_one_it_is_given(
    n_rows, n_cols, seed, values, too_many_to_list
):
    # Few distinct costs: most of these matrices have many optimal assignments.
    rng = np.random.default_rng(seed)
    cost = rng.integers(0, values, (n_rows, n_cols)).astype(np.float64) / 3
    optimal = all_optimal_assignments(cost)
    with pytest.MonkeyPatch.context() as patch:
        if too_many_to_list:  # the whole matrix is weighed instead
            patch.setattr(ties, "_TIGHT_PER_LINE", 0)
            patch.setattr(ties, "_TIGHT_SHARE", 10**9)
        picked = {
            tuple(map(tuple, same_on_ties(cost, rows, cols))) for rows, cols in optimal
        }
    assert len(picked) == 1  # the same pick from every optimal assignment
    assert picked <= {(tuple(rows), tuple(cols)) for rows, cols in optimal}


def test_ties_are_common_so_the_rule_has_work_to_do():
    # Without the rule, lapx and scipy part ways on a roster like the bundled
    # benchmark's: many equally good pairings.
    from lap import lapjvr
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(3)
    cost = rng.integers(0, 4, (200, 230)).astype(np.float64)
    fast = lapjvr(cost, extend_cost=True, return_cost=False)
    plain = linear_sum_assignment(cost)
    assert cost[fast].sum() == cost[plain].sum()
    assert not np.array_equal(fast[1], plain[1])
    for got, want in zip(
        same_on_ties(cost, *fast), same_on_ties(cost, *plain), strict=True
    ):
        assert np.array_equal(got, want)
    assert cost[same_on_ties(cost, *fast)].sum() == cost[plain].sum()


def test_the_tie_rule_leaves_an_assignment_that_is_not_the_best_as_it_is():
    # A contract broken by the caller must not hang the pairing.
    cost = np.array([[0.0, 5.0], [5.0, 0.0]])
    rows, cols = same_on_ties(cost, np.array([0, 1]), np.array([1, 0]))
    assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]


@pytest.mark.parametrize("shape", [(40, 50), (50, 40), (45, 45)])
def test_the_tie_rule_holds_when_nearly_every_cell_ties(shape):
    # Too many tight cells to list: the whole matrix is weighed instead.
    from lap import lapjvr
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(11)
    cost = np.where(rng.random(shape) < 0.05, 1.0, 0.0)
    picks = []
    for solve in (
        lambda c: lapjvr(c, extend_cost=True, return_cost=False),
        linear_sum_assignment,
    ):
        for overwrite in (False, True):
            scratch = cost.copy()
            picks.append(same_on_ties(scratch, *solve(scratch), overwrite=overwrite))
    for rows, cols in picks:
        assert np.array_equal(rows, picks[0][0])
        assert np.array_equal(cols, picks[0][1])
        assert cost[rows, cols].sum() == 0.0
    assert len(set(picks[0][1].tolist())) == min(shape)


def large_program(n: int, seed: int) -> list[Participant]:
    """n mentors and n mentees with topics, departments, levels and a chart."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        people.append(
            Participant(
                email=f"mentor{i}@x.com",
                name=f"Mentor {i}",
                role="mentor",
                level=rng.randint(1, 4),
                department=rng.choice(["Sales", "IT", "Finance", "Ops"]),
                teaches=rng.sample(TOPICS, rng.randint(1, 4)),
                capacity=rng.choice([1, 1, 1, 2]),
                attributes={"gender": rng.choice(["f", "m", "x"])},
                manager=f"mentee{rng.randrange(n)}@x.com"
                if rng.random() < 0.3
                else None,
            )
        )
        people.append(
            Participant(
                email=f"mentee{i}@x.com",
                name=f"Mentee {i}",
                role="mentee",
                level=rng.randint(3, 9),
                department=rng.choice(["Sales", "IT", "Finance", "Ops"]),
                learns=rng.sample(TOPICS, rng.randint(1, 4)),
                attributes={"gender": rng.choice(["f", "m", "x"])},
            )
        )
    return people


def test_fast_and_scipy_solvers_agree_on_a_large_roster():
    people = large_program(600, seed=7)
    cfg = MatchingSettings(min_level_gap=2, diversity_attributes=["gender"])
    fast = match(people, cfg)
    plain = with_scipy(match, people, cfg)
    assert len(fast.pairs) == len(plain.pairs) > 400
    assert total(fast, people, cfg) == pytest.approx(
        total(plain, people, cfg), abs=1e-9
    )
    assert fast == plain  # the same pairs, ties and all
    assert match(people, cfg) == fast  # deterministic


@pytest.mark.parametrize("use_scipy", [False, True])
def test_most_pairs_first_holds_with_big_weights_at_scale(use_scipy):
    # Mentee i may pair with mentor i (score 0) or mentor i+1 (score 100); the
    # last mentee only with the last mentor. Every pairing on the high-score
    # side leaves one pair out: a cost on ineligible cells too small, or eaten
    # by rounding, would take that 100 x 2,499 gain.
    n = 2500
    eligible = np.zeros((n, n), dtype=bool)
    index = np.arange(n)
    eligible[index, index] = True
    eligible[index[:-1], index[:-1] + 1] = True
    high = 100.0

    def score_cells(rows, columns):
        return np.where(columns[None, :] == rows[:, None] + 1, high, 0.0)

    places = np.ones(n, dtype=np.int64)
    eligible = Eligibility.from_rules((~eligible).view(np.uint8), places > 0)
    solve = (lambda *a, **k: with_scipy(assign, *a, **k)) if use_scipy else assign
    pairs = solve(eligible, places, score_cells, low=0.0, high=high)
    assert pairs == [(i, i) for i in range(n)]
    # The margin the proof in forbidden_cost promises, in float64.
    margin = forbidden_cost(n, 0.0, high) - n * (high - 0.0)
    assert margin >= n + 1


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n_rows: st.integers(1, 40).flatmap(
            lambda n_cols: st.tuples(
                st.lists(
                    st.lists(st.integers(0, 15), min_size=n_cols, max_size=n_cols),
                    min_size=n_rows,
                    max_size=n_rows,
                ),
                st.lists(st.booleans(), min_size=n_cols, max_size=n_cols),
            )
        )
    )
)
def test_eligibility_bits_read_back_as_the_rules_say(case):
    broken_rows, has_place = case
    broken = np.array(broken_rows, dtype=np.uint8)
    places = np.array(has_place, dtype=bool)
    want = (broken == 0) & places[None, :]
    bits = Eligibility.from_rules(broken, places)
    assert bits.shape == want.shape
    assert bits.bits.nbytes <= want.size // 8 + want.shape[0]
    np.testing.assert_array_equal(bits.rows(np.arange(want.shape[0])), want)
    rows, cols = bits.degrees()
    np.testing.assert_array_equal(rows, want.sum(axis=1))
    np.testing.assert_array_equal(cols, want.sum(axis=0))
    r, c = np.nonzero(np.ones_like(want))
    np.testing.assert_array_equal(bits.at(r, c), want[r, c])


def test_memory_estimate_grows_with_mentees_mentors_and_places():
    small = memory_needed(100, 100, 100)
    assert memory_needed(10_000, 10_000, 11_000) < 2 * 2**30  # the 2 GB target
    assert memory_needed(50_000, 50_000, 55_000) > 20 * 2**30
    assert memory_needed(200, 100, 100) > small
    assert memory_needed(100, 100, 300) > small


def test_a_company_wide_round_too_big_is_refused_before_any_matrix():
    # 20,000 x 20,000 needs about 4 GB: with a 1 GB budget the refusal comes from
    # the estimate, before the rules matrix (400 MB) is even allocated.
    people = [
        Participant(email=f"m{i}@x.com", name=f"M {i}", role="mentor")
        for i in range(20_000)
    ] + [
        Participant(email=f"e{i}@x.com", name=f"E {i}", role="mentee")
        for i in range(20_000)
    ]
    with pytest.raises(InvalidInput) as refused:
        match(people, MatchingSettings(), max_memory=2**30)
    assert str(refused.value).startswith(
        "Pairing 20,000 mentees with 20,000 mentors needs about 4.4 GB of memory, "
        "more than the 1.0 GB allowed; raise --max-memory"
    )


# --------------------------------------------------------------------------- CLI


def test_pair_refuses_before_allocating_when_over_max_memory(cli):
    result = cli("pair", str(EXAMPLE), "--max-memory", "50MB")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0
    assert "10 mentees with 13 mentors needs about" in message
    assert "more than the 50 MB allowed" in message
    assert "--max-memory" in message
    assert "Traceback" not in result.output
    assert cli.dump() == []  # nothing written, not even the roster


def test_pair_stores_the_same_pairs_with_or_without_the_fast_extra(tmp_path):
    # A generated roster (as the benchmarks use): 1,100 cells, many ties.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from generate_roster import write_roster
    finally:
        sys.path.pop(0)
    roster = write_roster(tmp_path / "roster.yaml", 33, seed=4)
    fast, plain = Cli(tmp_path / "fast.db"), Cli(tmp_path / "plain.db")
    assert fast("pair", str(roster), "--format", "json").exit_code == 0
    result = with_scipy(plain, "pair", str(roster), "--format", "json")
    assert result.exit_code == 0, result.output
    stored = "SELECT mentor.email AS mentor, mentee.email AS mentee, score FROM pairs"
    stored += " JOIN participants AS mentor ON mentor.id = mentor_id"
    stored += " JOIN participants AS mentee ON mentee.id = mentee_id ORDER BY 1, 2"
    assert len(fast.rows(stored)) > 20
    assert fast.rows(stored) == plain.rows(stored)


def test_pair_within_max_memory_pairs_as_usual(cli):
    result = cli("pair", str(EXAMPLE), "--max-memory", "1GB", "--format", "json")
    assert result.exit_code == 0, result.output
    assert cli.rows("SELECT COUNT(*) AS n FROM pairs")[0]["n"] > 0


@pytest.mark.parametrize("value", ["lots", "0GB", "-1G", "1e9"])
def test_pair_max_memory_must_be_a_size(cli, value):
    result = cli("pair", str(EXAMPLE), "--max-memory", value)
    assert result.exit_code == 1
    assert f"--max-memory '{value}' is not a memory size" in result.stderr
    assert cli.dump() == []
