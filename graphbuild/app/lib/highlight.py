"""Show a span of a source document highlighted in its surrounding paragraph, safely.

Every piece of document text is HTML-escaped before the ``<mark>`` tags are put around it.
"""

from __future__ import annotations

import html
import re

CSS = """<style>
.src{line-height:1.9;font-size:1.02rem;white-space:pre-wrap;border-left:3px solid #d8dee9;
padding:0.4rem 0.9rem;background:#fafbfc}
.src mark.task{background:#fff3bf;padding:0.1rem 0}
.src mark.clause{background:#ffd8a8;padding:0.1rem 0}
.src mark.unit{background:#b2f2bb;padding:0.1rem 0;font-weight:600}
.src .ctx{color:#6b7280}
</style>"""

_PRIORITY = {"task": 1, "clause": 2, "unit": 3}
_NUMS = "一二三四五六七八九十"
_LABEL = re.compile(rf"\s*(（[{_NUMS}\d]+）|[{_NUMS}]+、|\d+[.．、]|\(\d+\)|附件)")


def paragraph_bounds(text: str, start: int, end: int, extra_lines: int = 1) -> tuple[int, int]:
    """The start and end of the lines around ``[start, end)``, with ``extra_lines`` of context
    on either side (blank lines are skipped and not counted)."""
    lo = text.rfind("\n", 0, max(start, 0))
    lo = 0 if lo < 0 else lo + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    for _ in range(extra_lines):
        prev = lo - 1
        while prev > 0 and text[prev - 1] == "\n":
            prev -= 1
        if prev <= 0:
            lo = 0
            break
        p = text.rfind("\n", 0, prev)
        lo = 0 if p < 0 else p + 1
    for _ in range(5):  # a context line cut by a PDF line break: go back to its start
        if lo <= 0:
            break
        before = text[:lo].rstrip("\n")
        if not before or before[-1] in "。；！？）)」”：:" or _LABEL.match(text, lo):
            break
        p = before.rfind("\n")
        lo = 0 if p < 0 else p + 1
    for _ in range(extra_lines):
        nxt = hi + 1
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        if nxt >= len(text):
            hi = len(text)
            break
        n = text.find("\n", nxt)
        hi = len(text) if n < 0 else n
    return lo, hi


def highlight(
    text: str, lo: int, hi: int, spans: list[tuple[int, int, str]], context: str = "ctx"
) -> str:
    """HTML of ``text[lo:hi]`` with each ``(start, end, cls)`` span wrapped in a ``<mark>``.

    Overlaps resolve to the most specific class (unit > clause > task). Text outside every
    span is shown in the context style.
    """
    lo, hi = max(lo, 0), min(hi, len(text))
    owner: list[str] = [""] * (hi - lo)
    for start, end, cls in sorted(spans, key=lambda s: _PRIORITY.get(s[2], 0)):
        for i in range(max(start, lo), min(end, hi)):
            owner[i - lo] = cls
    out: list[str] = []
    i = 0
    while i < len(owner):
        j = i
        while j < len(owner) and owner[j] == owner[i]:
            j += 1
        piece = html.escape(text[lo + i : lo + j])
        cls = owner[i]
        if cls:
            out.append(f'<mark class="{cls}">{piece}</mark>')
        else:
            out.append(f'<span class="{context}">{piece}</span>')
        i = j
    return f'{CSS}<div class="src">{"".join(out)}</div>'
