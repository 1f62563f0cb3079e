"""The assignment: scipy's exact solver, the big cost on ineligible cells that
keeps "most pairs first" at scale, the same pairs every run, the memory budget."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from revmentor.domain.models import MatchingSettings, Participant
from revmentor.domain.pairing.assignment import assign, forbidden_cost, memory_needed
from revmentor.domain.pairing.matching import match
from revmentor.errors import InvalidInput
from tests.test_matching import TOPICS, ref_score

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


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


def test_a_large_roster_pairs_the_same_whatever_the_order():
    people = large_program(600, seed=7)
    cfg = MatchingSettings(min_level_gap=2, diversity_attributes=["gender"])
    first = match(people, cfg)
    assert len(first.pairs) > 400
    shuffled = list(people)
    random.Random(1).shuffle(shuffled)
    assert match(shuffled, cfg) == first  # ties and all
    by_email = {p.email: p for p in people}
    for pair in first.pairs:
        want = ref_score(by_email[pair.mentor], by_email[pair.mentee], cfg)
        assert pair.score == pytest.approx(round(want, 3), abs=1e-9)


def test_most_pairs_first_holds_with_big_weights_at_scale():
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
    pairs = assign(eligible, places, score_cells)
    assert [(row, col) for row, col, _ in pairs] == [(i, i) for i in range(n)]
    # The margin the proof in forbidden_cost promises, in float64.
    margin = forbidden_cost(n, 0.0, high) - n * (high - 0.0)
    assert margin >= n + 1


def test_memory_estimate_grows_with_mentees_mentors_and_places():
    small = memory_needed(100, 100, 100)
    assert memory_needed(10_000, 10_000, 11_000) < 2 * 2**30  # the 2 GB target
    assert memory_needed(50_000, 50_000, 55_000) > 20 * 2**30
    assert memory_needed(200, 100, 100) > small
    assert memory_needed(100, 100, 300) > small


def test_a_company_wide_round_too_big_is_refused_before_any_matrix():
    # 20,000 x 20,000 needs about 6 GB: with a 1 GB budget the refusal comes from
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
        "Pairing 20,000 mentees with 20,000 mentors needs about 6.3 GB of memory, "
        "more than the 1.0 GB allowed; raise --max-memory"
    )


def test_running_out_of_memory_all_the_same_is_a_clear_refusal(monkeypatch):
    from revmentor.domain.pairing import assignment

    def too_big(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(assignment, "rule_codes", too_big)
    people = [
        Participant(email="m@x.com", name="M", role="mentor"),
        Participant(email="e@x.com", name="E", role="mentee"),
    ]
    with pytest.raises(InvalidInput) as refused:
        match(people, MatchingSettings())
    assert str(refused.value).startswith(
        "This machine ran out of memory pairing 1 mentees with 1 mentors; "
        "nothing was saved."
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
