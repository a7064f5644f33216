"""Names inside table cells, where spaces separate units and line wraps split them."""

from __future__ import annotations

import re

from graphbuild.extract.clauses import NameHit, clean_name, parse_clause, split_names
from graphbuild.read.genre import Genre
from graphbuild.read.text import Span

__all__ = ["cell_hits", "cell_persons", "cell_tokens", "cell_units"]

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
    tokens = cell_tokens(cell)
    if len(tokens) > 1 and all(len(t.text) <= 2 for t in tokens[:-1]):
        # one name spaced out to fill the cell: 市 监 察 局, 市政 府办 公厅
        return [clean_name(Span.join(tokens), genre)]
    merged: list[Span] = []
    for tok in tokens:
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


def cell_hits(cell: Span, role: str, genre: Genre) -> list[NameHit] | None:
    """Units of a cell that says more than the column does, or None for a plain list.

    A cell may carry labels or role words of its own: ``市商务局、市发改委 省牵头单位：省商务厅``
    (the names before the label have the column's role) or ``市发改委、团市委配合落实``.
    """
    text = cell.text
    label = genre.label_re.search(text)
    if label is None and not genre.role_re.search(text):
        return None
    if label is None:
        return parse_clause(cell, genre, at_end=False)
    # the label's own qualifier (省牵头单位：) stays with it, not with the names before it
    head = text[: label.start()].rstrip()
    cut = len(head)
    while cut and head[cut - 1] not in genre.separators and not head[cut - 1].isspace():
        cut -= 1
    before = [NameHit(n, role) for n in cell_units(cell[:cut], genre)] if cut else []
    after = parse_clause(cell[label.start() :], genre, at_end=True) or []
    return before + after
