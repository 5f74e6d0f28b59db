"""The matrix's products (graphsvc/graph/cooperation/matrix_counts.py) are counted with numpy alone: each is
the product scipy.sparse gives for the same 0/1 thing x entity matrices, however the pairs are sliced."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

from graphsvc.graph.cooperation import matrix_counts
from graphsvc.graph.cooperation.matrix_counts import IncidenceEntries, weighted_gram


def _random_incidence(rng: np.random.Generator, things: int, entities: int) -> tuple[IncidenceEntries, scipy.sparse.csr_array]:
    """The same entries (an entity sometimes named twice for one thing; some things link none) both ways."""
    incidence = IncidenceEntries(entities)
    rows: list[int] = []
    columns: list[int] = []
    for thing in range(things):
        linked = rng.integers(0, entities, int(rng.integers(0, min(entities, 12) + 1))).tolist()
        if linked and rng.random() < 0.2:
            linked.append(linked[0])
        incidence.add([thing] * len(linked), linked)
        rows.extend([thing] * len(linked))
        columns.extend(linked)
    matrix = scipy.sparse.csr_array((np.ones(len(rows)), (rows, columns)), shape=(things, entities))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return incidence, matrix


@pytest.mark.parametrize("pairs_at_once", [1, 7, 1 << 16])
def test_weighted_grams_are_the_sparse_products(monkeypatch: pytest.MonkeyPatch, pairs_at_once: int) -> None:
    monkeypatch.setattr(matrix_counts, "_PAIRS_AT_ONCE", pairs_at_once)
    rng = np.random.default_rng(11)
    compared_cells = 0
    for _ in range(60):
        things, entities = int(rng.integers(0, 50)), int(rng.integers(1, 30))
        (rows, row_matrix), (other, other_matrix) = (_random_incidence(rng, things, entities) for _ in range(2))
        weights = rng.integers(1, 5, things).astype(float)
        row_incidence, other_incidence = rows.matrix(things), other.matrix(things)
        expected = (row_matrix.T @ (other_matrix * weights[:, None])).toarray()
        assert np.array_equal(weighted_gram(row_incidence, other_incidence, weights), expected)
        assert np.array_equal(weighted_gram(row_incidence, row_incidence), (row_matrix.T @ row_matrix).toarray())
        both = row_incidence.multiply(other_incidence)
        both_matrix = row_matrix.multiply(other_matrix)
        assert np.array_equal(weighted_gram(both, both, weights),
                              (both_matrix.T @ (both_matrix * weights[:, None])).toarray())
        compared_cells += int(np.count_nonzero(expected))
    assert compared_cells > 1000  # not vacuous


def test_no_things_or_no_entries_give_zeros() -> None:
    for things in (0, 3):
        incidence = IncidenceEntries(4).matrix(things)
        assert np.array_equal(weighted_gram(incidence, incidence), np.zeros((4, 4)))
