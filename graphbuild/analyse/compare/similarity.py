"""Text similarity for comparing counties: character n-gram TF-IDF, place names and
responsibility clauses removed, and the battle of each goal section from its text."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from graphbuild.extract.targets import goal_sections
from graphbuild.model import BATTLES, Corpus

if TYPE_CHECKING:
    import numpy as np

_PUNCT = re.compile(r"[\s\d０-９，。、；：:;,.!?！？“”‘’\"'（）()〔〕【】《》〈〉\-—·…/%]+")
_PAREN_UNIT = re.compile(r"[（(][^（）()]*(牵头|负责|配合|责任单位)[^（）()]*[）)]")


def _assignment(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The one-to-one assignment of least total cost (Hungarian method, shortest
    augmenting paths): row indices ascending and the column each row takes, as
    ``scipy.optimize.linear_sum_assignment`` gives them.

    >>> rows, cols = _assignment([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0]])
    >>> rows.tolist(), cols.tolist()
    ([0, 1], [1, 0])
    """
    import numpy as np  # numpy is loaded when first needed (see graphbuild.workers.run)

    cost = np.asarray(cost, dtype=float)
    if cost.size == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    transposed = cost.shape[0] > cost.shape[1]
    a = (cost.T if transposed else cost).tolist()
    n, m = len(a), len(a[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: the row (1-based) column j has
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            row = a[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j])
    if transposed:
        pairs = sorted((c, r) for r, c in pairs)
    rows = np.array([r for r, _ in pairs], dtype=int)
    cols = np.array([c for _, c in pairs], dtype=int)
    return rows, cols


_WHITE = re.compile(r"\s\s+")


class Similarity:
    """Character n-gram TF-IDF over a fixed set of documents, cosine between texts.

    The weights are scikit-learn's ``TfidfVectorizer(analyzer="char", sublinear_tf=True)``
    (lower-cased, runs of white space made one space, smoothed idf ``ln((1+n)/(1+df))+1``,
    vectors of unit length), computed here in plain Python so the build imports no
    machine-learning library. N-grams no fitted document has are ignored.

    >>> sim = Similarity(["安全生产", "债务风险", "安全风险"])
    >>> m = sim.matrix(["安全生产"], ["安全生产", "债务风险"])
    >>> round(float(m[0, 0]), 6), round(float(m[0, 1]), 6)
    (1.0, 0.0)
    """

    def __init__(self, documents: Iterable[str], ngram_range: tuple[int, int] = (1, 3)):
        import numpy as np

        self.ngram_range = ngram_range
        docs = list(documents) or [" "]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(self._grams(doc)))
        n = len(docs)
        #: the column of each fitted n-gram, and its idf
        self.column = {g: i for i, g in enumerate(df)}
        self._idf = np.array([math.log((n + 1) / (c + 1)) + 1 for c in df.values()])
        self.idf = dict(zip(df, self._idf.tolist(), strict=True))
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _grams(self, text: str) -> list[str]:
        text = _WHITE.sub(" ", text.lower())
        lo, hi = self.ngram_range
        return [text[i : i + k] for k in range(lo, hi + 1) for i in range(len(text) - k + 1)]

    def _row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's fitted columns (ascending) and their unit-length weights."""
        known = self._rows.get(text)
        if known is not None:
            return known
        import numpy as np

        column = self.column
        pairs = [(column[g], c) for g, c in Counter(self._grams(text)).items() if g in column]
        idx = np.array([p[0] for p in pairs], dtype=np.int64)
        tf = np.array([p[1] for p in pairs], dtype=float)
        weights = (1.0 + np.log(tf)) * self._idf[idx]
        norm = math.sqrt(float(weights @ weights)) if len(weights) else 0.0
        order = np.argsort(idx)
        row = (idx[order], weights[order] / norm) if norm else (idx[:0], weights[:0])
        self._rows[text] = row
        return row

    def vector(self, text: str) -> dict[str, float]:
        """The text's unit-length weight for each fitted n-gram it has."""
        grams = list(self.column)
        idx, weights = self._row(text)
        return {grams[i]: w for i, w in zip(idx.tolist(), weights.tolist(), strict=True)}

    def matrix(self, a: list[str], b: list[str]) -> np.ndarray:
        """Cosine similarity of every text of ``a`` with every text of ``b``."""
        import numpy as np

        if not a or not b:
            return np.zeros((len(a), len(b)))
        rows_a, rows_b = [self._row(t) for t in a], [self._row(t) for t in b]
        columns = np.unique(np.concatenate([idx for idx, _ in rows_b]))

        def dense(rows: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
            out = np.zeros((len(rows), len(columns)))
            if not len(columns):
                return out
            for r, (idx, weights) in enumerate(rows):
                pos = np.searchsorted(columns, idx)
                hit = columns[np.minimum(pos, len(columns) - 1)] == idx
                out[r, pos[hit]] = weights[hit]
            return out

        return dense(rows_a) @ dense(rows_b).T


@lru_cache(maxsize=64)
def _places_re(places: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in places) or "(?!)")


def _strip_places(text: str, places: list[str]) -> str:
    """Remove county names (one regex pass, so the cost does not grow with the corpus)."""
    return _places_re(tuple(places)).sub("", text)


def _places(corpus: Corpus) -> list[str]:
    out: set[str] = set()
    for p in corpus.plans:
        out.add(p.county)
        short = re.sub(r"(侗族|苗族|土家族|瑶族)?(自治县|自治州|市|县|区)$", "", p.county)
        if len(short) >= 2:
            out.add(short)
            out.add(short[:2])
    return sorted(out, key=len, reverse=True)


def _clean(text: str, places: list[str]) -> str:
    text = _PAREN_UNIT.sub("", text)
    text = _strip_places(text, places)
    return _PUNCT.sub(" ", text).strip()


def goal_battles(corpus: Corpus, sim: Similarity | None = None) -> dict[str, str]:
    """Battle of each goal section that has none (the general plan's 主要目标 （一）…（六）),
    from its own text: assigned one-to-one to the battle whose sections of the same plan
    (attachment goals, the general plan's 重点任务) it is most similar to."""
    places = _places(corpus)
    sim = sim or Similarity(_clean(s.title + s.text, places) for s in corpus.sections)
    goals = set(goal_sections(corpus))
    out: dict[str, str] = {}
    for plan in corpus.plans:
        rows = [
            s
            for s in corpus.sections
            if s.plan == plan.id
            and s.id in goals
            and s.battle is None
            and s.text.strip()
            and s.parent is not None
            and s.parent in goals
        ]
        if not rows:
            continue
        reps: dict[str, str] = {}
        for s in corpus.sections:
            if s.plan == plan.id and s.battle and (s.id in goals or s.attachment is None):
                reps[s.battle] = reps.get(s.battle, "") + s.title + s.text
        battles = [b for b in BATTLES if b in reps]
        if not battles:
            continue
        scores = sim.matrix(
            [_clean(s.title + s.text, places) for s in rows],
            [_clean(reps[b], places) for b in battles],
        )
        ri, ci = _assignment(-scores)
        for r, c in zip(ri, ci, strict=True):
            if scores[r, c] > 0:
                out[rows[r].id] = battles[c]
    return out


def _corpus_similarity(corpus: Corpus) -> Similarity:
    places = _places(corpus)
    docs = [_clean(t.text, places) for t in corpus.tasks]
    docs += [_clean(s.title + s.text, places) for s in corpus.sections]
    return Similarity(docs)
