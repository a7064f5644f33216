"""Plan IDs: readable, deterministic for every file name, distinct within a folder.

* A file name in ASCII gives its first word (``shaodong-2023-six-battles.txt`` → ``shaodong``),
  or as many of its words as it takes to differ from every other plan file of its folder
  (``plan-2023-a.txt`` and ``plan-2023-b.txt`` → ``plan-2023-a``, ``plan-2023-b``).
* Any other file name gives the pinyin of the county without its administrative suffix, and
  the plan's year (``邵东市方案.txt`` of 2023 → ``shaodong-2023``); when another file of the
  folder is also named in Chinese, the pinyin of the file's own name is added, so two plans
  of one county and year keep apart.

The ID depends on nothing but the file name, its folder's plan file names, the county and the
date, so a rebuild gives the same IDs (a load into Neo4j replaces the plan instead of
duplicating it).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from graphbuild.read.corpus import PLAN_SUFFIXES

__all__ = ["pinyin_slug", "plan_id"]

# administrative suffixes: 新晃侗族自治县 → 新晃, 湘西土家族苗族自治州 → 湘西, 邵东市 → 邵东
_SUFFIXES = r"(?:(?:[\u4e00-\u9fff]{1,3}族)*自治[县州旗]|特别行政区|新区|省|市|州|盟|县|区|旗)"
# the levels of a full name: 武汉市 / 蔡甸区
_LEVEL = re.compile(rf".{{2,}}?{_SUFFIXES}")
_SHORT = re.compile(rf"^(.{{2,}}?){_SUFFIXES}$")


def _words(stem: str) -> list[str]:
    """The lower-case ASCII words of a file stem (empty when it is not all ASCII)."""
    if not stem.isascii():
        return []
    return [w for w in re.split(r"[^a-z0-9]+", stem.lower()) if w]


def pinyin_slug(text: str) -> str:
    """``text`` in toneless pinyin, letters and digits only, words joined by ``-``."""
    from pypinyin import lazy_pinyin  # its phrase table takes a fifth of a second to load

    ascii_text = "".join(lazy_pinyin(unicodedata.normalize("NFKC", text)))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _county_key(county: str) -> str:
    """The county's own name without its administrative suffix (a one-character name keeps
    it: 房县 → fangxian)."""
    levels = _LEVEL.findall(county.strip()) or [county.strip()]
    name = levels[-1]
    short = _SHORT.match(name)
    return pinyin_slug(short.group(1) if short else name)


def _siblings(path: Path) -> list[str]:
    """The plan files beside ``path`` (its own name included)."""
    folder = path.parent
    try:
        names = [p.name for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES]
    except OSError:
        names = []
    return sorted({*names, path.name})


def plan_id(path: Path, county: str, date: str = "") -> str:
    """The plan's ID (see the module's docstring)."""
    others = [n for n in _siblings(path) if n != path.name]
    own = _words(path.stem)
    if own:
        theirs = [_words(Path(n).stem) for n in others]
        for n in range(1, len(own) + 1):
            if all(w[:n] != own[:n] for w in theirs):
                return "-".join(own[:n])
        # the same words under another extension (a.txt beside a.docx)
        return "-".join([*own, path.suffix.lstrip(".").lower()])
    year = date[:4] if re.fullmatch(r"\d{4}-.*", date or "") else ""
    year = year or next(iter(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", path.stem)), "")
    base = "-".join(p for p in (_county_key(county), year) if p) or "plan"
    clash = any(_words(Path(n).stem)[:1] == [base] for n in others)
    if clash or any(not _words(Path(n).stem) for n in others):
        base = f"{base}-{pinyin_slug(path.stem) or 'plan'}"
    return base
