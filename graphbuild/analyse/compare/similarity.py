"""Text similarity for comparing counties: character n-gram TF-IDF, place names and
responsibility clauses removed, and the battle of each goal section from its text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from graphbuild.extract.targets import goal_sections
from graphbuild.model import BATTLES, Corpus

_PUNCT = re.compile(r"[\s\d０-９，。、；：:;,.!?！？“”‘’\"'（）()〔〕【】《》〈〉\-—·…/%]+")
_PAREN_UNIT = re.compile(r"[（(][^（）()]*(牵头|负责|配合|责任单位)[^（）()]*[）)]")


def _assignment(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The one-to-one assignment of least total cost (scipy, imported when first needed)."""
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(cost)


class Similarity:
    """Character n-gram TF-IDF over a fixed set of documents."""

    def __init__(self, documents: Iterable[str], ngram_range: tuple[int, int] = (1, 3)):
        docs = list(documents)
        from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: load when used

        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=ngram_range, sublinear_tf=True, min_df=1
        )
        self.vectorizer.fit(docs or [" "])

    def matrix(self, a: list[str], b: list[str]) -> np.ndarray:
        """Cosine similarity of every text of ``a`` with every text of ``b``."""
        if not a or not b:
            return np.zeros((len(a), len(b)))
        va = self.vectorizer.transform(a)
        vb = self.vectorizer.transform(b)
        return (va @ vb.T).toarray()


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
