"""Names inside table cells, where spaces separate units and line wraps split them."""

from __future__ import annotations

import re

from graphbuild.extract.clauses import clean_name, split_names
from graphbuild.genre import Genre
from graphbuild.text import Span

__all__ = ["cell_persons", "cell_tokens", "cell_units"]

_SPACE = re.compile(r"\s+")


def cell_tokens(cell: Span) -> list[Span]:
    """Split a cell at whitespace."""
    out: list[Span] = []
    pos = 0
    for m in _SPACE.finditer(cell.text):
        if m.start() > pos:
            out.append(cell[pos : m.start()])
        pos = m.end()
    if pos < len(cell.text):
        out.append(cell[pos:])
    return out


def cell_units(cell: Span, genre: Genre) -> list[Span]:
    """Unit names in a cell, with names that a line wrap split joined again.

    A token is glued to the previous one when the previous one does not end like a unit
    (``各具有行政审批职能的`` / ``相关单位``) or when it starts with ``等``.
    """
    if any(sep in cell.text for sep in genre.separators):
        return split_names(cell, genre)
    merged: list[Span] = []
    for tok in cell_tokens(cell):
        if merged and (tok.text.startswith("等") or not genre.suffix_re.search(merged[-1].text)):
            merged[-1] = merged[-1] + tok
        else:
            merged.append(tok)
    names = [clean_name(t, genre) for t in merged]
    return [n for n in names if n.text]


def cell_persons(cell: Span) -> list[Span]:
    """Person names in a cell; a name split by a stray space (``罗 莉``) is joined."""
    merged: list[Span] = []
    for tok in cell_tokens(cell):
        if (
            merged
            and (len(tok.text) == 1 or len(merged[-1].text) == 1)
            and (len(merged[-1].text) + len(tok.text) <= 3)
        ):
            merged[-1] = merged[-1] + tok
        else:
            merged.append(tok)
    return merged
