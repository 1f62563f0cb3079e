"""The optimal assignment: as many pairs as possible, then the best total score.

``assign`` takes which (mentee row, mentor column) cells are eligible, how many
free places each mentor has, and a function that scores cells; it returns the
pairs. It knows nothing of people or rules: ``matching`` decides eligibility and
scores, this module only finds the best assignment among them. No I/O.

numpy and scipy are imported inside the functions that need them, so that
importing this module (and so ``revmentor --help``) stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# score_cells(rows, slot_columns) -> float scores, a row per entry of ``rows``
# and a column per entry of ``slot_columns`` (mentor columns, repeated per place).
ScoreCells = Callable[["np.ndarray", "np.ndarray"], "np.ndarray"]


def assign(
    eligible: np.ndarray,
    places: np.ndarray,
    score_cells: ScoreCells,
    *,
    low: float,
    high: float,
) -> list[tuple[int, int]]:
    """Optimal (row, column) pairs: the most eligible pairs, then the best score.

    ``eligible`` is a boolean rows x columns matrix, ``places`` the free places
    of each column (a column takes at most that many rows). Every score lies in
    ``[low, high]``.
    """

    rows, slot_col = _usable_slots(eligible, places)
    if not (rows.size and slot_col.size):
        return []
    sub_eligible = _eligible_slots(eligible, rows, slot_col)
    cost = _cost_matrix(score_cells(rows, slot_col), sub_eligible, low=low, high=high)
    assigned_rows, assigned_slots = _solve_dense(cost)
    del cost
    ok = sub_eligible[assigned_rows, assigned_slots]
    return list(
        zip(
            rows[assigned_rows[ok]].tolist(),
            slot_col[assigned_slots[ok]].tolist(),
            strict=True,
        )
    )


def _usable_slots(
    eligible: np.ndarray, places: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The rows with an eligible option, and one slot per usable place.

    A column gets one slot per free place, but no more slots than it has
    eligible rows: ``slot_col[k]`` is the column of slot k. Rows and columns
    with no eligible option are left out of the matrix the solver sees.
    """
    import numpy as np

    row_degree = np.count_nonzero(eligible, axis=1)
    col_degree = np.count_nonzero(eligible, axis=0)
    rows = np.flatnonzero(row_degree)
    cols = np.flatnonzero(col_degree)
    slot_col = np.repeat(cols, np.minimum(places[cols], col_degree[cols]))
    return rows, slot_col


def _eligible_slots(
    eligible: np.ndarray, rows: np.ndarray, slot_col: np.ndarray
) -> np.ndarray:
    """``eligible`` restricted to ``rows`` and expanded to one column per slot."""
    import numpy as np

    n_rows, n_cols = eligible.shape
    as_is = slot_col.size == n_cols and bool((slot_col == np.arange(n_cols)).all())
    if rows.size == n_rows and as_is:  # every row, one slot per column: no copy
        return eligible
    # take() along each axis: several times faster than np.ix_ indexing.
    return eligible.take(rows, axis=0).take(slot_col, axis=1)


def _cost_matrix(
    score: np.ndarray, eligible: np.ndarray, *, low: float, high: float
) -> np.ndarray:
    """The solver's costs, in place of ``score``: the negated score where
    eligible, a cost no eligible pairs can outweigh elsewhere.

    Ineligible cells cost more than all the eligible pairs together could ever
    gain, so the solver first maximises the number of eligible pairs, then
    their total score.
    """
    import numpy as np

    forbidden = (score.shape[0] + 1) * (high - low + 1.0)
    np.negative(score, out=score)  # maximise the score: minimise its negative
    np.putmask(score, ~eligible, forbidden)
    return score


def _solve_dense(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of a minimum-cost assignment of ``cost``."""
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(cost)
