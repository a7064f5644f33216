"""TF-IDF similarity and the one-to-one assignment, in plain Python, against the textbook."""

from __future__ import annotations

import math
import random
from itertools import permutations

import numpy as np
import pytest

from graphbuild.analyse.compare.similarity import Similarity, _assignment


def _best_by_brute_force(cost: np.ndarray) -> float:
    rows, cols = cost.shape
    if rows > cols:
        return _best_by_brute_force(cost.T)
    return min(sum(cost[r, c] for r, c in enumerate(p)) for p in permutations(range(cols), rows))


@pytest.mark.parametrize("seed", range(40))
def test_the_assignment_has_the_least_total_cost(seed: int) -> None:
    rng = random.Random(seed)
    shape = (rng.randint(1, 6), rng.randint(1, 6))
    cost = np.array([[rng.random() for _ in range(shape[1])] for _ in range(shape[0])])
    rows, cols = _assignment(cost)
    assert len(rows) == min(shape) and len(set(cols.tolist())) == min(shape)
    assert list(rows) == sorted(rows)
    assert cost[rows, cols].sum() == pytest.approx(_best_by_brute_force(cost))


def test_tf_idf_weights_are_the_smoothed_sublinear_ones() -> None:
    docs = ["ab", "ab ab", "c"]
    sim = Similarity(docs, ngram_range=(1, 1))
    # "a" is in 2 of 3 documents: idf = ln((1+3)/(1+2)) + 1
    assert sim.idf["a"] == pytest.approx(math.log(4 / 3) + 1)
    assert sim.idf["c"] == pytest.approx(math.log(4 / 2) + 1)
    # "ab ab" has a and b twice and one space: tf 1 + ln 2; unit length
    vec = sim.vector("ab ab")
    assert sum(w * w for w in vec.values()) == pytest.approx(1.0)
    assert vec["a"] / vec[" "] == pytest.approx((1 + math.log(2)) * sim.idf["a"] / sim.idf[" "])
    m = sim.matrix(["ab", "c"], ["ab ab", "zzz"])
    assert m.shape == (2, 2)
    assert m[1, 0] == 0.0 and m[0, 1] == 0.0  # nothing shared; unseen n-grams count nothing
    assert 0.0 < m[0, 0] < 1.0
