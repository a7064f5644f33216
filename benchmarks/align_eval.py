"""How well tasks align across counties, on the risk battle aligned by hand.

The gold pairs were made by reading 邵东市 附件5 and 新晃侗族自治县 附件4 side by side
(both follow the provincial template): the five debt measures 1.–5. pair with 1.–5.,
the finance measures 6.–12. with 6.–10., 12., 13. (新晃 11. 上市公司 is unique), 邵东
13. 狠抓项目提速保质 covers all three of 新晃's property measures 14.–16. (any one of them
counts), the epidemic and extreme-weather measures pair in order except 邵东 30. 心理援助
and 新晃 29. 健康新晃行动, which are unique. 35 pairs in all.

Run: ``.venv/bin/python benchmarks/align_eval.py`` — prints precision, recall and F1
of the pairs for each way of scoring and threshold; the defaults of
``graphbuild.analyse.compare`` are marked with ``*``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphbuild.analyse import compare  # noqa: E402
from graphbuild.build import build_corpus  # noqa: E402

S, X = "shaodong/risk/2.", "xinhuang/risk/2."
GOLD: list[tuple[str, set[str]]] = [
    *[(f"{S}1.{n}", {f"{X}1.{n}"}) for n in range(1, 6)],
    *[(f"{S}2.{n}", {f"{X}2.{n}"}) for n in range(6, 11)],
    (f"{S}2.11", {f"{X}2.12"}),
    (f"{S}2.12", {f"{X}2.13"}),
    (f"{S}3.13", {f"{X}3.14", f"{X}3.15", f"{X}3.16"}),
    *[(f"{S}4.{n}", {f"{X}4.{n - 1}"}) for n in range(18, 30)],
    *[(f"{S}5.{n}", {f"{X}5.{n - 1}"}) for n in range(31, 41)],
]


def score(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    gold = dict(GOLD)
    tp = sum(1 for a, b in pairs if b in gold.get(a, set()))
    p = tp / len(pairs) if pairs else 0.0
    r = tp / len(GOLD)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> int:
    corpus, _ = build_corpus(ROOT / "data" / "raw")
    sim = compare._corpus_similarity(corpus)
    print(f"gold: {len(GOLD)} pairs (risk battle)")
    print(f"{'titles':6} {'lift':5} {'threshold':>9}  {'P':>5} {'R':>5} {'F1':>5}  pairs")
    for mode in ("none", "max", "mean"):
        for lift in (False, True):
            for th in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4):
                _, al = compare.align_sections_and_tasks(
                    corpus, sim, pair_threshold=th, title_mode=mode, lift=lift
                )
                pairs = [(a.a, a.b) for a in al if a.battle == "risk" and a.kind == "pair"]
                p, r, f = score(pairs)
                mark = (
                    "*"
                    if (mode, lift, th) == (compare.TITLE_MODE, True, compare.PAIR_THRESHOLD)
                    else " "
                )
                print(
                    f"{mode:6} {lift!s:5} {th:9.2f}  {p:5.2f} {r:5.2f} {f:5.2f}  {len(pairs)}{mark}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
