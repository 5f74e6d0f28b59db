"""The reach arrays' relations (graphsvc/graph/cooperation/reach.py) are built with numpy alone: each pair once,
targets ascending, as scipy's CSR matrix of the same pairs has them, and a pair read several ways keeps the
union of its flags."""

from __future__ import annotations

import numpy as np
import scipy.sparse

from graphsvc.graph.cooperation.reach import MEMBER, OBSERVER, PARTY, Relation


def test_relations_are_the_csr_matrices_of_their_pairs_with_the_union_of_their_flags() -> None:
    rng = np.random.default_rng(7)
    compared_pairs = 0
    for _ in range(200):
        size = int(rng.integers(1, 40))
        pairs = int(rng.integers(0, 200))
        sources = rng.integers(0, size, pairs).astype(np.int32)
        targets = rng.integers(0, size, pairs).astype(np.int32)
        flags = rng.choice(np.array([MEMBER, OBSERVER, PARTY], dtype=np.uint8), pairs)
        relation = Relation.of_pairs(size, sources, targets, flags)
        matrix = scipy.sparse.csr_matrix((np.ones(pairs, dtype=np.int8), (sources, targets)), shape=(size, size))
        matrix.sum_duplicates()
        assert relation.starts.tolist() == matrix.indptr.tolist()
        assert relation.targets.tolist() == matrix.indices.tolist()
        union: dict[tuple[int, int], int] = {}
        for source, target, flag in zip(sources.tolist(), targets.tolist(), flags.tolist(), strict=True):
            union[(source, target)] = union.get((source, target), 0) | flag
        found = {(source, target): flag for source in range(size)
                 for target, flag in zip(relation.targets_of(source).tolist(), relation.flags_of(source).tolist(),
                                         strict=True)}
        assert found == union
        # the inverse has every pair the other way, with the same flags
        inverse = relation.inverse()
        assert {(target, source): flag for source in range(size)
                for target, flag in zip(inverse.targets_of(source).tolist(), inverse.flags_of(source).tolist(),
                                        strict=True)} == union
        compared_pairs += len(union)
    assert compared_pairs > 1000  # not vacuous


def test_a_relation_without_flags_or_pairs() -> None:
    relation = Relation.of_pairs(3, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
    assert relation.starts.tolist() == [0, 0, 0, 0] and relation.targets.size == 0 and relation.flags is None
