"""The optimal assignment: as many pairs as possible, then the best total score.

``solve`` builds, for the mentees (rows) and mentors (columns) of one run, the
first rule each cell breaks (``rule_codes``), refuses a pairing too big for the
memory before allocating it, scores the eligible part (``pool.score_matrix``)
and lets scipy's ``linear_sum_assignment`` solve it; then says why each person
left over is unpaired. numpy and scipy are imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import permutations
from typing import TYPE_CHECKING

from revmentor.domain.models import MENTEE, MENTOR, Participant
from revmentor.domain.pairing.matching_settings import pair_rules as require_pairs
from revmentor.domain.pairing.matching_settings import unmet_side, value_key
from revmentor.domain.pairing.pool import (
    Pool,
    ProposedPair,
    Unpaired,
    pair_reasons,
    score_matrix,
    value_codes,
)
from revmentor.errors import InvalidInput

if TYPE_CHECKING:
    import numpy as np

# Bytes held at the peak of a pairing per (mentee, mentor) cell (the rule codes,
# eligibility, a mask while they are built) and per (mentee, place) cell (the
# float64 cost matrix, the cells barred, masks beside it); BASE_BYTES for the
# interpreter, the libraries and the people. Above the measured peaks, so that a
# pairing allowed does fit (10,000 x 10,000: 1.8 GB estimated, 1.65 GB measured).
BYTES_PER_CELL = 3
BYTES_PER_SLOT_CELL = 13
BASE_BYTES = 300 * 2**20

# How a rule is counted among a mentee's candidate mentors and a mentor's
# mentees: (said of a mentor, said of a mentee), for one; ``_plural`` for several.
_VERBS = {"is": "are", "was": "were", "fails": "fail", "has": "have"}
# Eligible candidates all paired with someone else (one, or several).
_TAKEN = {
    MENTEE: ("was needed for another mentee", "were needed for others"),
    MENTOR: ("was paired with another mentor", "were paired with others"),
}


def memory_needed(n_rows: int, n_cols: int, n_slots: int) -> int:
    """Bytes a pairing of ``n_rows`` mentees with ``n_cols`` mentors needs, the
    mentors having ``n_slots`` free places in all. scipy copies the cost matrix
    when it has more rows than columns."""
    per_slot = BYTES_PER_SLOT_CELL + (8 if n_rows > n_slots else 0)
    return BASE_BYTES + n_rows * (BYTES_PER_CELL * n_cols + per_slot * n_slots)


def format_bytes(size: int) -> str:
    """``1.5 GB``, ``750 MB``: sizes as the --max-memory option takes them."""
    return f"{size / 2**30:.1f} GB" if size >= 2**30 else f"{size / 2**20:.0f} MB"


def rule_codes(
    pool: Pool, mentors: list[Participant], mentees: list[Participant]
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Per (mentee, mentor) cell, 1 + the index in ``labels`` of the first rule
    it breaks, 0 where none; ``labels``: per rule, how a mentee's candidate
    mentors and a mentor's candidate mentees that break it are counted.

    The rules, first to last: level gap, reporting line, the ``require`` rules
    of mentors then of mentees, each ``differ``/``same`` rule (broken, or a value
    unknown), the avoid list, an earlier pair. They are written last to first,
    so that each cell keeps the first.
    """
    import numpy as np

    rules = pool.settings.require
    sides = [(MENTOR, n) for n in rules.mentor] + [(MENTEE, n) for n in rules.mentee]
    pair_rules = require_pairs(rules)
    labels = [("is too senior", "is too junior"), ("is in their reporting line",) * 2]
    labels += [(f"fails '{side} {name}'",) * 2 for side, name in sides]
    for kind, name in pair_rules:
        word = "the same" if kind == "differ" else "a different"
        labels += [(f"has {word} {name}",) * 2, (f"has no {name} to compare",) * 2]
    labels += [("is on the avoid list with them",) * 2]
    labels += [("was paired with them before",) * 2]
    dtype = np.uint8 if len(labels) < 255 else np.uint16  # a code per rule
    codes = np.zeros((len(mentees), len(mentors)), dtype)
    row_of = {p.email: i for i, p in enumerate(mentees)}
    col_of = {p.email: j for j, p in enumerate(mentors)}

    def write(code: int, cells: Iterable[tuple[str, ...]]) -> None:
        found = [
            (row_of[e], col_of[m]) for m, e in cells if e in row_of and m in col_of
        ]
        if found:
            codes[tuple(np.array(found).T)] = code

    write(len(labels), list(pool.blocked_past))
    write(len(labels) - 1, [p for pair in pool.avoided for p in permutations(pair)])
    code = len(labels) - 2
    for kind, name in reversed(pair_rules):
        a, b = value_codes(
            *([value_key(p, name) for p in g] for g in (mentees, mentors))
        )
        missing = (a < 0)[:, None] | (b < 0)[None, :]
        np.putmask(codes, missing, code)
        fails = np.equal.outer(a, b) if kind == "differ" else np.not_equal.outer(a, b)
        np.putmask(codes, fails & ~missing, code - 1)
        code -= 2
    for side, name in reversed(sides):
        people = mentors if side == MENTOR else mentees
        rule = {name: getattr(rules, side)[name]}
        fails = np.array([unmet_side(p, rule) is not None for p in people], bool)
        codes[(slice(None), fails) if side == MENTOR else fails] = code
        code -= 1
    line = [(up, e) for e in row_of for up in pool.above(e)]
    write(2, line + [(m, up) for m in col_of for up in pool.above(m)])
    big, gap = 2**62, pool.settings.min_level_gap
    levels = np.array([big if p.level is None else int(p.level) for p in mentees])
    floors = np.array(
        [-big if p.level is None else int(p.level) + gap for p in mentors]
    )
    np.putmask(codes, np.less.outer(levels, floors), 1)
    return codes, labels


def count_text(counts: list[tuple[int, str]]) -> str:
    """ "3 are too senior, 1 is at capacity": largest count first."""
    said = []  # the sort is stable: equal counts keep the rules' order
    for n, text in sorted((c for c in counts if c[0]), key=lambda c: -c[0]):
        verb, rest = text.split(" ", 1)
        said.append(f"{n} {text}" if n == 1 else f"{n} {_VERBS[verb]} {rest}")
    return ", ".join(said)


def forbidden_cost(n_rows: int, low: float, high: float) -> float:
    """The cost of an ineligible cell: more than eligible pairs can ever gain,
    for scores between ``low`` and ``high``.

    Proof that the solver first makes as many eligible pairs as possible: an
    assignment has at most ``n_rows`` eligible cells, each costing between
    ``-high`` and ``-low``. Trading one ineligible cell for an eligible one saves
    ``F`` and changes the eligible part by at most ``n_rows * (high - low)``, so
    any ``F`` above that will do; ``(n_rows + 1) * (high - low + 1)`` leaves a
    margin of at least ``n_rows + 1``, far above float64's rounding of the sums.
    """
    return (n_rows + 1) * (high - low + 1.0)


def assign(
    eligible: np.ndarray, places: np.ndarray, score_cells
) -> list[tuple[int, int, float]]:
    """Optimal (row, column, score) triples: the most eligible pairs, then the
    best total. ``eligible``: the cells that may be paired; ``places``: how many
    rows each column takes at most; ``score_cells(rows, slot_columns)``: their
    float64 scores."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    # A column gets one slot per place, but no more than it has eligible rows.
    rows = np.flatnonzero(eligible.any(axis=1))
    degree = np.count_nonzero(eligible, axis=0)
    slot_col = np.repeat(np.arange(len(places)), np.minimum(places, degree))
    if not (rows.size and slot_col.size):
        return []
    barred = ~eligible[np.ix_(rows, slot_col)]
    cost = score_cells(rows, slot_col)
    forbidden = forbidden_cost(rows.size, cost.min(), cost.max())
    np.negative(cost, out=cost)  # maximise the score: minimise its negative
    np.putmask(cost, barred, forbidden)
    found = linear_sum_assignment(cost)
    return [
        (int(rows[r]), int(slot_col[k]), -float(cost[r, k]))
        for r, k in zip(*found, strict=True)
        if not barred[r, k]  # an ineligible cell means no pair
    ]


def solve(
    pool: Pool, mentors: list[Participant], mentees: list[Participant], max_memory
) -> tuple[list[ProposedPair], list[Unpaired]]:
    """The optimal new pairs, scored and explained, and the unpaired with why."""
    import numpy as np

    places = np.maximum([p.capacity - pool.load[p.email] for p in mentors], 0)
    n_slots = int(np.minimum(places, len(mentees)).sum())
    needed = memory_needed(len(mentees), len(mentors), n_slots)
    if max_memory is not None and needed > max_memory:
        raise InvalidInput(
            f"Pairing {len(mentees):,} mentees with {len(mentors):,} mentors needs "
            f"about {format_bytes(needed)} of memory, more than the "
            f"{format_bytes(max_memory)} allowed; raise --max-memory if this "
            "machine has it, or pair a smaller group (for example pause some "
            "participants)."
        )

    def score_cells(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return score_matrix([mentees[i] for i in rows], mentors, columns, pool)

    try:
        codes, labels = rule_codes(pool, mentors, mentees)
        eligible = (codes == 0) & (places > 0)
        found = assign(eligible, places, score_cells)
    except MemoryError:  # the estimate fell short all the same
        raise InvalidInput(
            f"This machine ran out of memory pairing {len(mentees):,} mentees with "
            f"{len(mentors):,} mentors; nothing was saved. Free some memory, or "
            "pair a smaller group."
        ) from None
    pairs = []
    for row, col, score in found:
        reasons, shared = pair_reasons(pool, mentors[col], mentees[row])
        mentor, mentee = mentors[col].email, mentees[row].email
        pairs.append(ProposedPair(mentor, mentee, round(score, 3), reasons, shared))
    rows, cols = {row for row, _, _ in found}, {col for _, col, _ in found}
    unpaired = _why_unpaired(pool, codes, labels, places, mentees, rows, MENTEE)
    unpaired += _why_unpaired(pool, codes.T, labels, places, mentors, cols, MENTOR)
    return pairs, unpaired


def _why_unpaired(pool, codes, labels, places, people, paired, side) -> list[Unpaired]:
    """Why each of ``people`` (rows of ``codes``) not ``paired`` (nor a mentor
    with pairs already) was left unpaired:
    a rule of their own, eligible candidates taken by others, or the candidates
    counted by the first rule each breaks."""
    import numpy as np

    rules, other = pool.settings.require, MENTOR if side == MENTEE else MENTEE
    result = []
    for i, person in enumerate(people):
        if i in paired or pool.load[person.email]:
            continue
        line = codes[i]
        failed = unmet_side(person, getattr(rules, side))
        missing = [
            f"has no {name} given, which the '{kind}' rule needs"
            for kind, name in require_pairs(rules)
            if value_key(person, name) is None
        ]
        free = (line == 0) & (places > 0) if side == MENTEE else line == 0
        n_ok = int(np.count_nonzero(free))
        who = f"eligible {other}"
        if failed is not None:
            reason = f"does not meet the rule '{side} {failed}'"
        elif missing:
            reason = missing[0]
        elif n_ok == 1:
            reason = f"the only {who} {_TAKEN[side][0]}"
        elif n_ok:
            reason = f"all {n_ok} {who}s {_TAKEN[side][1]}"
        else:
            counts = np.bincount(line, minlength=len(labels) + 1)[1:].tolist()
            found = [(n, labels[k][side == MENTOR]) for k, n in enumerate(counts)]
            if side == MENTEE:
                found.append((int(np.count_nonzero(line == 0)), "is at capacity"))
            reason = f"no {who}: " + count_text(found)
        result.append(Unpaired(person.email, side, reason))
    return result
