"""Synthetic corpora for benchmarks: N renamed copies of the seed plans."""

from __future__ import annotations

from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

#: County short names in the seed plans and the prefix used in their file names.
SEEDS = {"shaodong": "邵东", "xinhuang": "新晃"}
SUFFIXES = "甲乙丙丁戊己庚辛壬癸"


def county_tag(i: int) -> str:
    """A short CJK tag that makes copy ``i`` a different county (甲, 乙, …, 甲乙 …)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, len(SUFFIXES))
        out = SUFFIXES[r] + out
    return out


def make_corpus(n: int, folder: Path) -> list[Path]:
    """Write the seed plans plus ``n`` renamed copies of each into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for src in sorted(RAW.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        slug = src.name.split("-")[0]
        short = SEEDS.get(slug, "")
        files.append(folder / src.name)
        files[-1].write_text(text, encoding="utf-8")
        for i in range(n):
            tag = county_tag(i)
            renamed = text.replace(short, short + tag) if short else text
            path = folder / f"{slug}{i + 1}-{src.name.split('-', 1)[1]}"
            path.write_text(renamed, encoding="utf-8")
            files.append(path)
    return files
