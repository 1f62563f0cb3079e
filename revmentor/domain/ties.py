"""One assignment among equally good ones, whichever exact solver found one.

Scores take a few dozen distinct values, so several assignments often reach
the best total, and lapx and scipy may each return a different one.
``same_on_ties`` turns any optimal assignment of a cost matrix into the one a
fixed rule picks, so that the pairs do not depend on the solver installed.

For a matrix with no more rows than columns (a taller one is read transposed),
every optimal assignment takes every row, and:

1. ``_column_prices``: the dual prices v of the columns, the largest ones with
   ``u[i] + v[j] <= cost[i, j]`` everywhere, ``v <= 0``, and equality on the
   assignment. Taking the largest makes them unique: they are the same for
   every optimal assignment, because the prices an optimal assignment allows
   are those every optimal assignment allows (complementary slackness). They
   are shortest-path distances in the assignment's exchange graph (column k to
   column j through the row that holds k, ``cost[i, j] - cost[i, k]``),
   computed Bellman-Ford style, a row looked at again only when the price of
   its column fell.
2. ``_tight_cells``: the cells with ``cost[i, j] - u[i] - v[j]`` at 0, within
   a tolerance far below any difference of scores. Every optimal assignment
   uses tight cells only; one of tight cells is optimal when it takes every row
   and every column priced below 0.
3. Among those, the one whose cells have the least total of fixed
   pseudo-random weights (a hash of row and column), found by scipy's sparse
   solver on the tight cells: the same cells in, the same pairs out, whoever
   found the first assignment. Where the tight cells are too many to list,
   scipy's dense solver weighs the whole matrix instead (tight cells by the
   same hash, the others barred). scipy solves this step even when lapx solved
   the first: on these weights it is the faster of the two by far. The
   weights favour no one by their place in the matrix, and so no one by the
   alphabetical order of their email.

All of it works a band of rows at a time: no temporary the size of the matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revmentor.domain.assignment import band_rows

if TYPE_CHECKING:
    import numpy as np


def same_on_ties(
    cost: np.ndarray, rows: np.ndarray, cols: np.ndarray, *, overwrite: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The assignment the tie rule picks among those as good as ``rows[k]`` to
    ``cols[k]`` (an optimal assignment of every row, or of every column when
    there are more rows than columns). Rows come back in increasing order.
    ``overwrite``: ``cost`` may be used as scratch space."""
    import numpy as np

    n_rows, n_cols = cost.shape
    if n_rows == 0 or n_cols == 0:
        return rows, cols
    if n_rows > n_cols:
        found_cols, found_rows = same_on_ties(cost.T, cols, rows, overwrite=overwrite)
        return _by_row(found_rows, found_cols)
    column_of = np.empty(n_rows, dtype=np.int64)
    column_of[rows] = cols
    tolerance = _tolerance(cost)
    prices = _column_prices(cost, column_of, tolerance / 16)
    if prices is None:  # not an optimal assignment: nothing to choose among
        return _by_row(rows, cols)
    row_prices = cost[np.arange(n_rows), column_of] - prices[column_of]
    priced = prices < -tolerance
    tight = _tight_cells(cost, prices, row_prices, tolerance)
    found = None if tight is None else _least_weight(*tight, priced, cost.shape)
    if found is not None:
        return found
    # Too many tight cells to list: weigh every cell, in place when allowed.
    from scipy.optimize import linear_sum_assignment

    out = cost if overwrite else np.empty(cost.shape)
    _weigh_cells(cost, prices, row_prices, priced, tolerance, out)
    if out.flags.c_contiguous:
        return linear_sum_assignment(out)
    # The caller's matrix seen transposed: solve it as it lies in memory, so
    # that the solver need not copy it.
    found_cols, found_rows = linear_sum_assignment(out.T)
    return _by_row(found_rows, found_cols)


def get_ready() -> None:
    """Start loading scipy's sparse graphs, which ``same_on_ties`` needs and
    which take about 0.2 s to import, on another thread. Call it just before
    the solve: the solvers let go of the GIL while they work, so the import
    runs beside them (started earlier, it would slow the Python that builds
    the matrices). Python's import locks make the later ``import`` wait for
    this one rather than run twice."""
    import importlib
    import threading

    threading.Thread(
        target=importlib.import_module, args=("scipy.sparse.csgraph",), daemon=True
    ).start()


def _by_row(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    order = np.argsort(rows, kind="stable")
    return rows[order], cols[order]


def _tolerance(cost: np.ndarray) -> float:
    """When two totals count as equal: far below any difference of scores (the
    weights are given to a few decimals), far above float64's rounding of sums
    of costs as large as the matrix holds (the big cost on ineligible cells)."""
    largest = max(abs(float(cost.max())), abs(float(cost.min())))  # no temporary
    return max(1e-7, largest * 2.0**-40)


def _column_prices(
    cost: np.ndarray, column_of: np.ndarray, step: float
) -> np.ndarray | None:
    """The largest optimal column prices (see the module's step 1). A price
    counts as fallen only by more than ``step``, so rounding cannot loop. None
    if the assignment is not optimal after all (prices would fall forever)."""
    import numpy as np

    n_rows, n_cols = cost.shape
    held = cost[np.arange(n_rows), column_of]
    row_at = np.full(n_cols, -1, dtype=np.int64)
    row_at[column_of] = np.arange(n_rows)
    prices = np.zeros(n_cols)
    band = band_rows(n_cols)
    buffer = np.empty((min(band, n_rows), n_cols))
    looked_at = np.arange(n_rows)
    rounds = 0
    while looked_at.size:
        # Round k finds the paths of k exchanges; a shortest path makes at most
        # one per row, so a price still falling after that goes round a cycle
        # that lowers the total: the assignment was not the best.
        rounds += 1
        if rounds > n_rows + 1:
            return None
        # Reaching column j through row i costs price(i's column) - held + cost.
        reach = prices[column_of[looked_at]] - held[looked_at]
        best = np.full(n_cols, np.inf)
        for start in range(0, looked_at.size, band):
            chunk = looked_at[start : start + band]
            block = buffer[: chunk.size]
            np.take(cost, chunk, axis=0, out=block, mode="clip")  # valid indices
            block += reach[start : start + band, None]
            np.minimum(best, block.min(axis=0), out=best)
        fallen = np.flatnonzero(best < prices - step)
        prices[fallen] = best[fallen]
        holders = row_at[fallen]
        looked_at = holders[holders >= 0]
    return prices


# Tight cells are listed (about 40 bytes each with the sparse solver's copy)
# up to 16 per row and column, or one cell in 64 of the matrix if that is more
# (5/8 of a byte per cell, a thirteenth of the matrix's own memory); past that,
# every cell is weighed in the matrix itself.
_TIGHT_PER_LINE = 16
_TIGHT_SHARE = 64


def _tight_cells(
    cost: np.ndarray, prices: np.ndarray, row_prices: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """(rows, columns) of the cells whose reduced cost is 0 within
    ``tolerance``; None when there are too many to list."""
    import numpy as np

    n_rows, n_cols = cost.shape
    limit = max(_TIGHT_PER_LINE * (n_rows + n_cols), cost.size // _TIGHT_SHARE)
    band = band_rows(n_cols)
    buffer = np.empty((min(band, n_rows), n_cols))
    found_rows, found_cols, count = [], [], 0
    for start in range(0, n_rows, band):
        block = buffer[: min(band, n_rows - start)]
        tight = _tight_in_band(cost, start, prices, row_prices, tolerance, block)
        at_rows, at_cols = np.nonzero(tight)
        count += at_rows.size
        if count > limit:
            return None
        found_rows.append(at_rows + start)
        found_cols.append(at_cols)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _tight_in_band(
    cost: np.ndarray,
    start: int,
    prices: np.ndarray,
    row_prices: np.ndarray,
    tolerance: float,
    out: np.ndarray,
) -> np.ndarray:
    """Which cells of the band of ``len(out)`` rows from ``start`` are tight:
    reduced cost (cost - row price - column price, worked out in ``out``) at 0
    within ``tolerance``."""
    import numpy as np

    stop = start + out.shape[0]
    np.subtract(cost[start:stop], prices[None, :], out=out)
    out -= row_prices[start:stop, None]
    return out <= tolerance


def _least_weight(
    cell_rows: np.ndarray,
    cell_cols: np.ndarray,
    priced: np.ndarray,
    shape: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray] | None:
    """The assignment of every row to tight cells that takes every ``priced``
    column and has the least total weight (None if there is none)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    weight = _cell_weights(cell_rows[:, None], cell_cols[:, None], priced, shape[0])
    graph = csr_matrix((weight.ravel(), (cell_rows, cell_cols)), shape=shape)
    try:
        found_rows, found_cols = min_weight_full_bipartite_matching(graph)
    except ValueError:  # no full assignment of tight cells: rounding misled
        return None
    return _by_row(found_rows.astype(np.int64), found_cols.astype(np.int64))


def _cell_weights(
    rows: np.ndarray, cols: np.ndarray, priced: np.ndarray, n_rows: int
) -> np.ndarray:
    """The second step's weight of cells (``rows`` by ``cols``, broadcast): the
    hash in [1, 2), plus ``n_rows + 2`` on a column not priced, so that leaving
    a priced column free weighs more than all the hash parts together."""
    import numpy as np

    weight = _unit_hash(rows, cols)
    weight += 1.0
    weight += np.where(priced[cols], 0.0, float(n_rows + 2))
    return weight


def _weigh_cells(
    cost: np.ndarray,
    prices: np.ndarray,
    row_prices: np.ndarray,
    priced: np.ndarray,
    tolerance: float,
    out: np.ndarray,
) -> None:
    """``out``: the cell weights on tight cells, a barred weight elsewhere
    (more than any assignment of tight cells weighs); ``out`` may be ``cost``."""
    import numpy as np

    n_rows, n_cols = cost.shape
    barred = float(n_rows + 1) * (n_rows + 5.0)
    all_cols = np.arange(n_cols)[None, :]
    band = band_rows(n_cols)
    buffer = np.empty((min(band, n_rows), n_cols))
    for start in range(0, n_rows, band):
        stop = min(start + band, n_rows)
        block = buffer[: stop - start]
        tight = _tight_in_band(cost, start, prices, row_prices, tolerance, block)
        weight = _cell_weights(
            np.arange(start, stop)[:, None], all_cols, priced, n_rows
        )
        out[start:stop] = np.where(tight, weight, barred)


def _unit_hash(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A fixed pseudo-random number in [0, 1) per (row, column): splitmix64's
    finaliser, applied to the row, then to that mixed with the column."""
    import numpy as np

    mixed = _mix(_mix(rows.astype(np.uint64)) ^ cols.astype(np.uint64))
    return (mixed >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _mix(x: np.ndarray) -> np.ndarray:
    import numpy as np

    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))
