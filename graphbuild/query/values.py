"""The values a question's parameters may take, read from the data the question runs on.

A ``county`` parameter takes the counties of the build and a ``battle`` parameter its battles
(the six battles, or a plan's own top-level groups such as ``district-1``), plus the extra
values the question lists (``"all"``). So after building another county's plan every county
question answers for it, in the CLI, the app and the tests alike.

A county may be named the way ``graphbuild targets --county`` accepts it: as written
(新晃侗族自治县), by its plan ID (``xinhuang``), by its English name from
``data/glossary.csv`` (``Shaodong``, ``Xinhuang Dong Autonomous County``), or by a short
form that names one county only (邵东, 新晃), case and spacing ignored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphbuild.settings import DATA_DIR

__all__ = ["BUILD_TYPES", "Vocabulary", "natural_key", "resolve_county"]

#: Parameter types whose allowed values come from the build.
BUILD_TYPES = ("county", "battle")

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """A sort key that orders ``q2`` before ``q10`` (digit runs compare as numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(str(text)))


def _battle_order() -> list[str]:
    with (DATA_DIR / "battles.csv").open(encoding="utf-8", newline="") as fh:
        return [row["key"] for row in csv.DictReader(fh)]


def _english_names() -> dict[str, str]:
    """County as written → its English gloss (``data/glossary.csv``, kind ``county``)."""
    path = DATA_DIR / "glossary.csv"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3 and row[0] == "county":
                out[row[1]] = row[2]
    return out


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).casefold()


def _short_forms(county: str) -> set[str]:
    """邵东市 → 邵东; 新晃侗族自治县 → 新晃 (the name without its administrative suffix)."""
    forms = set()
    for suffix in ("侗族自治县", "自治县", "市", "县", "区", "旗"):
        if county.endswith(suffix) and len(county) > len(suffix) + 1:
            forms.add(county[: -len(suffix)])
    return forms


@dataclass(frozen=True)
class Vocabulary:
    """The counties and battles of a build, and the other names each county goes by.

    Attributes
    ----------
    counties : tuple of str
        The counties as written, in the order of their plan IDs.
    battles : tuple of str
        The battle keys of the build's tasks: those of ``data/battles.csv`` in its order,
        then a plan's own groups in natural order.
    plan_ids : dict
        County → the IDs of its plans (``shaodong``).
    """

    counties: tuple[str, ...] = ()
    battles: tuple[str, ...] = ()
    plan_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, plans: Iterable[tuple[str, str]], battles: Iterable[str]) -> Vocabulary:
        """From ``(plan_id, county)`` pairs and the battle keys found in the data."""
        ids: dict[str, list[str]] = {}
        for plan_id, county in sorted(plans, key=lambda p: natural_key(p[0])):
            if county:
                ids.setdefault(county, []).append(plan_id)
        order = {key: i for i, key in enumerate(_battle_order())}
        keys = sorted(
            {b for b in battles if b},
            key=lambda b: (0, order[b], ()) if b in order else (1, 0, natural_key(b)),
        )
        return cls(tuple(ids), tuple(keys), {c: tuple(v) for c, v in ids.items()})

    @classmethod
    def of_corpus(cls, corpus) -> Vocabulary:
        """From a :class:`graphbuild.model.Corpus` (the app and the tests have one at hand)."""
        return cls.of(((p.id, p.county) for p in corpus.plans), (t.battle for t in corpus.tasks))

    def aliases(self) -> dict[str, str]:
        """Every accepted name (folded) → the county as written; ambiguous short forms left out."""
        english = _english_names()
        exact: dict[str, str] = {}
        loose: dict[str, set[str]] = {}
        for county in self.counties:
            exact[_fold(county)] = county
            for plan_id in self.plan_ids.get(county, ()):
                exact.setdefault(_fold(plan_id), county)
            gloss = english.get(county, "")
            if gloss:
                exact.setdefault(_fold(gloss), county)
                head = gloss.split(" (")[0]
                loose.setdefault(_fold(head), set()).add(county)
                loose.setdefault(_fold(head.split(" ")[0]), set()).add(county)
            for short in _short_forms(county):
                loose.setdefault(_fold(short), set()).add(county)
        for name, found in loose.items():
            if len(found) == 1:
                exact.setdefault(name, next(iter(found)))
        return exact

    def county(self, name: str) -> str | None:
        """The county ``name`` stands for, or None when it names none (or several)."""
        return resolve_county(name, self)


def resolve_county(name: str, vocabulary: Vocabulary) -> str | None:
    """The county as written that ``name`` stands for (see the module notes), else None.

    >>> v = Vocabulary.of([("shaodong", "邵东市"), ("xinhuang", "新晃侗族自治县")], [])
    >>> [resolve_county(n, v) for n in ("邵东", "Shaodong", "XINHUANG", "新晃侗族自治县", "县")]
    ['邵东市', '邵东市', '新晃侗族自治县', '新晃侗族自治县', None]
    """
    key = _fold(name)
    if not key:
        return None
    found = vocabulary.aliases().get(key)
    if found:
        return found
    hits = [c for c in vocabulary.counties if len(key) >= 2 and key in _fold(c)]
    return hits[0] if len(hits) == 1 else None
