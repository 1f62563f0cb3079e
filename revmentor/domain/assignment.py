"""The optimal assignment: as many pairs as possible, then the best total score.

``assign`` takes which (mentee row, mentor column) cells are eligible, how many
free places each mentor has, and a function that scores cells; it returns the
pairs. It knows nothing of people or rules: ``matching`` decides eligibility and
scores, this module only finds the best assignment among them. No I/O.

The steps:

1. ``usable_slots``: rows and columns with no eligible option are left out; a
   mentor gets one column (slot) per free place, but no more slots than it has
   eligible mentees.
2. ``check_memory``: the matrices are sized before anything is allocated; a
   problem larger than the memory budget is refused with one sentence.
3. ``score_cells`` fills one float64 matrix, the only full-size one; it becomes
   the cost matrix in place, a band of rows at a time (``_cost_in_place``):
   negated scores, and a big cost on ineligible cells.
4. ``solve_dense``: lapx's ``lapjvr`` when lapx is installed (the ``fast``
   extra), scipy's ``linear_sum_assignment`` otherwise. Both are exact: the
   same number of pairs and the same best total.
5. ``ties.same_on_ties``: where several pairings reach that total (a tie), the
   two solvers may return different ones; the one a fixed rule picks among
   them is kept, so the pairs are the same whichever solver is installed.

numpy, scipy and lapx are imported inside the functions that need them, so that
importing this module (and so ``revmentor --help``) stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from revmentor.errors import InvalidInput

if TYPE_CHECKING:
    import numpy as np

# score_cells(rows, columns) -> a C-contiguous float64 matrix of scores, a row per
# entry of ``rows`` and a column per entry of ``columns`` (mentor columns,
# repeated once per place). ``assign`` overwrites it with costs.
ScoreCells = Callable[["np.ndarray", "np.ndarray"], "np.ndarray"]

# Bytes held at the peak of a pairing, per (mentee, mentor) cell: the broken-rule
# bits of ``matching`` (1), eligibility (1/8) and, as a margin, the band-sized
# temporaries, the solver's own arrays and the tie rule's list of tied cells
# (at most 5/8 of a byte per cell: see ``ties``) (2 in all, rounded up); per (mentee,
# place) cell: the float64 cost matrix (8). BASE_BYTES is what the process holds
# besides: interpreter, libraries, the people. Checked against measured peaks
# (10,000 x 10,000: 1.45 GB estimated, 1.28 GB measured): the margin keeps the
# estimate above the real need, so that a pairing it allows does fit.
BYTES_PER_CELL = 3
BYTES_PER_SLOT_CELL = 8
BASE_BYTES = 300 * 2**20

# Rows handled at a time when a full-size pass would need a full-size temporary.
_BAND_CELLS = 1 << 20


def memory_needed(n_rows: int, n_cols: int, n_slots: int) -> int:
    """Bytes a pairing of ``n_rows`` mentees with ``n_cols`` mentors needs,
    the mentors having ``n_slots`` free places in all."""
    cells = BYTES_PER_CELL * n_cols + BYTES_PER_SLOT_CELL * n_slots
    return BASE_BYTES + n_rows * cells


def check_memory(n_rows: int, n_cols: int, n_slots: int, budget: int | None) -> None:
    """Refuse, before allocating anything, a pairing larger than ``budget``."""
    if budget is None:
        return
    needed = memory_needed(n_rows, n_cols, n_slots)
    if needed > budget:
        raise InvalidInput(
            f"Pairing {n_rows:,} mentees with {n_cols:,} mentors needs about "
            f"{format_bytes(needed)} of memory, more than the {format_bytes(budget)} "
            "allowed; raise --max-memory if this machine has it, or pair a smaller "
            "group (for example pause some participants)."
        )


def out_of_memory(n_rows: int, n_cols: int, n_slots: int) -> InvalidInput:
    """The refusal when the machine runs out of memory all the same."""
    needed = memory_needed(n_rows, n_cols, n_slots)
    return InvalidInput(
        f"This machine ran out of memory pairing {n_rows:,} mentees with "
        f"{n_cols:,} mentors (about {format_bytes(needed)} needed); nothing was "
        "saved. Free some memory, or pair a smaller group."
    )


_UNITS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def parse_size(text: str, option: str) -> int:
    """Bytes from ``4GB``, ``500 MB``, ``2.5g`` or ``1024`` (binary units)."""
    import re

    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", text, re.I)
    if not found or float(found[1]) <= 0:
        raise InvalidInput(
            f"{option} {text!r} is not a memory size; write it like 4GB or 500MB."
        )
    return int(float(found[1]) * _UNITS[found[2].upper()])


def format_bytes(size: int) -> str:
    """``1.5 GB``, ``750 MB``: sizes as the --max-memory option takes them."""
    if size >= 2**30:
        return f"{size / 2**30:.1f} GB"
    return f"{size / 2**20:.0f} MB"


class Eligibility:
    """Which (row, column) cells may be paired: one bit per cell.

    Rows are packed with ``np.packbits`` (8 cells a byte), so a 10,000 x 10,000
    program keeps its eligibility in 12.5 MB rather than 100 MB. Readers unpack
    the rows they need, a band at a time.
    """

    def __init__(self, bits: np.ndarray, n_cols: int):
        self.bits = bits
        self.n_cols = n_cols

    @classmethod
    def from_rules(cls, broken: np.ndarray, has_place: np.ndarray) -> Eligibility:
        """Eligible: no rule broken (``broken == 0``) and a place left."""
        import numpy as np

        n_rows, n_cols = broken.shape
        bits = np.empty((n_rows, (n_cols + 7) // 8), dtype=np.uint8)
        band = band_rows(n_cols)
        for start in range(0, n_rows, band):
            ok = broken[start : start + band] == 0
            ok &= has_place[None, :]
            bits[start : start + band] = np.packbits(ok, axis=1)
        return cls(bits, n_cols)

    @property
    def shape(self) -> tuple[int, int]:
        return self.bits.shape[0], self.n_cols

    def rows(self, rows: np.ndarray | slice) -> np.ndarray:
        """The boolean cells of ``rows``: a row per entry, a column per column."""
        import numpy as np

        unpacked = np.unpackbits(self.bits[rows], axis=1, count=self.n_cols)
        return unpacked.view(bool)

    def degrees(self) -> tuple[np.ndarray, np.ndarray]:
        """How many eligible cells each row, and each column, has."""
        import numpy as np

        n_rows = self.bits.shape[0]
        row_degree = np.zeros(n_rows, dtype=np.int64)
        col_degree = np.zeros(self.n_cols, dtype=np.int64)
        band = band_rows(self.n_cols)
        for start in range(0, n_rows, band):
            cells = self.rows(slice(start, start + band))
            row_degree[start : start + band] = np.count_nonzero(cells, axis=1)
            col_degree += np.count_nonzero(cells, axis=0)
        return row_degree, col_degree

    def at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Whether each (rows[k], cols[k]) cell is eligible."""
        import numpy as np

        byte = self.bits[rows, cols >> 3]
        return ((byte >> (7 - (cols & 7)).astype(np.uint8)) & 1).astype(bool)


def band_rows(n_cols: int) -> int:
    """Rows per band, so that a band holds about _BAND_CELLS cells."""
    return max(1, _BAND_CELLS // max(n_cols, 1))


def assign(
    eligible: Eligibility,
    places: np.ndarray,
    score_cells: ScoreCells,
    *,
    low: float,
    high: float,
) -> list[tuple[int, int]]:
    """Optimal (row, column) pairs: the most eligible pairs, then the best score,
    then, among equally good pairings, the one ``ties.same_on_ties`` picks.

    ``eligible`` tells the cells that may be paired, ``places`` the free places
    of each column (a column takes at most that many rows). Every score lies in
    ``[low, high]``.
    """
    from revmentor.domain.ties import get_ready, same_on_ties

    rows, slot_col = usable_slots(eligible, places)
    if not (rows.size and slot_col.size):
        return []
    cost = score_cells(rows, slot_col)
    _cost_in_place(cost, eligible, rows, slot_col, low=low, high=high)
    get_ready()  # same_on_ties's import, while the solver works
    found = solve_dense(cost)
    assigned_rows, assigned_slots = same_on_ties(cost, *found, overwrite=True)
    del cost
    found_rows = rows[assigned_rows]
    found_cols = slot_col[assigned_slots]
    ok = eligible.at(found_rows, found_cols)  # an ineligible cell means no pair
    return list(zip(found_rows[ok].tolist(), found_cols[ok].tolist(), strict=True))


def usable_slots(
    eligible: Eligibility, places: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The rows with an eligible option, and one slot per usable place.

    A column gets one slot per free place, but no more slots than it has
    eligible rows: ``slot_col[k]`` is the column of slot k. Rows and columns
    with no eligible option are left out of the matrix the solver sees.
    """
    import numpy as np

    row_degree, col_degree = eligible.degrees()
    rows = np.flatnonzero(row_degree)
    cols = np.flatnonzero(col_degree)
    slot_col = np.repeat(
        cols, np.minimum(np.maximum(places[cols], 0), col_degree[cols])
    )
    return rows, slot_col


def forbidden_cost(n_rows: int, low: float, high: float) -> float:
    """The cost of an ineligible cell: more than eligible pairs can ever gain.

    Proof that the solver first makes as many eligible pairs as possible: an
    assignment has at most ``n_rows`` eligible cells, each costing between
    ``-high`` and ``-low``. Trading one ineligible cell for an eligible one saves
    ``F`` and changes the eligible part by at most ``n_rows * (high - low)``, so
    any ``F`` above that will do; ``(n_rows + 1) * (high - low + 1)`` leaves a
    margin of at least ``n_rows + 1``. float64 keeps it: the solver adds at most
    ``2 * n_rows`` costs below F, each sum within float64's 53 bits, so its
    rounding (below n_rows * F * 2**-52, under 1e-3 even at 10**5 rows and
    weights of 100) is far under that margin.
    """
    return (n_rows + 1) * (high - low + 1.0)


def _cost_in_place(
    cost: np.ndarray,
    eligible: Eligibility,
    rows: np.ndarray,
    slot_col: np.ndarray,
    *,
    low: float,
    high: float,
) -> None:
    """Turn the score matrix ``cost`` into the solver's costs, a band at a time.

    Eligible cells cost the negated score, ineligible ones ``forbidden_cost``.
    Working by bands of rows keeps every temporary small.
    """
    import numpy as np

    n_rows = cost.shape[0]
    forbidden = forbidden_cost(n_rows, low, high)
    band = band_rows(cost.shape[1])
    for start in range(0, n_rows, band):
        block = cost[start : start + band]
        np.negative(block, out=block)  # maximise the score: minimise its negative
        in_band = rows[start : start + band]
        allowed = eligible.rows(in_band).take(slot_col, axis=1)
        np.putmask(block, ~allowed, forbidden)


def solver_name() -> str:
    """Which exact solver ``assign`` uses here: lapx's when installed."""
    try:
        import lap  # noqa: F401
    except ImportError:
        return "scipy linear_sum_assignment"
    return "lapx lapjvr"


def solve_dense(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of a minimum-cost assignment of ``cost``.

    Both solvers work on the float64 matrix as it is (no copy): lapjvr solves
    rectangular problems without padding them to a square.
    """
    try:
        from lap import lapjvr
    except ImportError:
        from scipy.optimize import linear_sum_assignment

        return linear_sum_assignment(cost)
    return lapjvr(cost, extend_cost=True, return_cost=False)
