"""Physical lines to logical paragraphs: page breaks re-joined, table rows split into cells.

Every paragraph keeps its clean text as a :class:`~graphbuild.read.text.Span`, whose
simplified shadow (``span.simple``, made once when the line is read) is what the patterns
below match.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from graphbuild.parse.flat_tables import FlatRow, unflatten
from graphbuild.parse.numbering import label_of
from graphbuild.read.corpus import RawDocument
from graphbuild.read.genre import load_genre
from graphbuild.read.hanzi import to_simplified
from graphbuild.read.text import Span, clean_line

__all__ = [
    "ATTACHMENT",
    "FOOTNOTE",
    "HEADING_MAX",
    "LONE_MARKER",
    "Para",
    "is_plan_title",
    "paragraphs",
]

# 附件1, 附件 2, and a lone 附件 (a single attachment, numbered 1)
ATTACHMENT = re.compile(r"^附\s*件\s*(\d{1,2})?$")
# a line of the notice's attachment list: 附件：1.《…》 / 附件2：…
_ATTACHMENT_LIST = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]\s*\S")
# a field of a task on a line of its own: 完成时限：, 时限要求：, 责任领导：, 分管县领导：
_FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{0,4}(时限|时间|领导|责任人|联系人|节点|要求)\s*[：:]")
# the covering notice's title: 阜阳市人民政府关于2019年重点工作及责任分解的通知
_NOTICE_TITLE = re.compile(r"^.{2,30}?关于.{2,60}的(通知|意见|决定)$")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_DOCNO = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$")
# Patterns below run on the simplified shadow of a text (see graphbuild.read.hanzi).
_TERMINAL = tuple("。；;！？!?：:）)】〕]")
_TITLE_END = ("方案", "通知", "名单", "分解表", "附表", "实施方案", "清单", "分工表", "任务表")
#: How the title of a plan ends (…实施方案, …重点任务清单, …责任分工表).
_PLAN_TITLE_END = (
    "方案",
    "清单",
    "分解表",
    "分工表",
    "任务表",
    "责任分工",
    "任务分工",
    "责任分解",
    "任务分解",
    "措施",
    "规定",
    "要点",
    "计划",
)
HEADING_MAX = 40
FOOTNOTE = re.compile(r"^(备注|注)\s*[：:]")


@dataclass
class Para:
    """A logical paragraph: physical lines joined where a page break split them."""

    span: Span
    row: list[Span] | None = None  # the cells, for a table row

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def simple(self) -> str:
        """The text's simplified shadow (same length), made once when the line was read."""
        return self.span.simple


def _physical_lines(doc: RawDocument) -> list[tuple[Span, bool, bool]]:
    """Clean every non-empty line; flag table rows (two tabs or more) and bullet lines."""
    out: list[tuple[Span, bool, bool]] = []
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        is_row = _is_row(line)
        bullet = line.lstrip().startswith("- ")
        for k, (a, b) in enumerate([(0, len(line))] if is_row else _long_line_pieces(line)):
            span = clean_line(line[a:b], pos + a, doc.name)
            if not span.text:
                continue
            for j, piece in enumerate([span] if is_row else _split_run_on_items(span)):
                out.append((piece, is_row, bullet and k == 0 and j == 0))
        pos += len(line)
    return out


_ITEM_AFTER_CLAUSE = re.compile(
    r"[）)]\s*(?=[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,3}\s*[\.．、])"
)


# a space, then a numbered item (2. / 二、 / （三）) or a clause label (责任单位:)
_SPACED_START = re.compile(
    r"\s+(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、](?!\d))"
    r"|[\u4e00-\u9fff]{2,8}[：:])"
)
#: A line this long holding two or more spaced item starts is a whole body on one line.
_LONG_LINE = 150


def _long_line_pieces(line: str) -> list[tuple[int, int]]:
    """Where to cut a whole document body copied onto one line, items and labels separated
    only by spaces (``… 1.任务。 责任单位:A、B 2.任务。 责任单位:C 二、…``): at each space
    followed by a numbered item or a clause label, as (start, end) pieces of ``line``.

    This runs on the raw line, before the spaces between two characters are dropped.
    """
    if len(line) < _LONG_LINE:
        return [(0, len(line))]
    text = to_simplified(line)
    genre = load_genre()
    cuts = []
    for m in _SPACED_START.finditer(text):
        rest = text[m.end() :]
        if label_of(rest) or genre.label_re.match(rest):
            cuts.append(m.end())
    if sum(1 for c in cuts if label_of(text[c:])) < 2:
        return [(0, len(line))]
    bounds = [0, *cuts, len(line)]
    return list(itertools.pairwise(bounds))


def _split_run_on_items(span: Span) -> list[Span]:
    """Split a line where a numbered item follows the responsibility clause that ends the
    item before it: ``…增长。（省发改委负责）（二）公共财政收入…`` (two items run together by
    the copy)."""
    genre = load_genre()
    text = span.text
    cuts = []
    for m in _ITEM_AFTER_CLAUSE.finditer(text):
        opener = max(text.rfind(c, 0, m.start()) for c in "（(")
        inner = span.simple[opener + 1 : m.start()] if opener >= 0 else ""
        clause = bool(inner) and bool(genre.label_re.search(inner) or genre.role_re.search(inner))
        if clause and label_of(text[m.start() + 1 :].lstrip()):
            cuts.append(m.start() + 1)
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(span[start:cut].strip())
        start = cut
    pieces.append(span[start:].strip())
    return [p for p in pieces if p.text]


def _is_terminal(text: str) -> bool:
    """True when a paragraph (its simplified shadow) ends where a sentence or a heading
    would end."""
    if text.endswith(_TERMINAL) or text.endswith(_TITLE_END):
        return True
    if (_DATE.match(text) and len(text) <= 14) or _DOCNO.match(text):
        return True
    if text.endswith(("人民政府办公室", "人民政府办公厅", "人民政府", "文件")) and len(text) <= 24:
        return True
    if ATTACHMENT.match(text) or _ATTACHMENT_LIST.match(text) or LONE_MARKER.match(text):
        return True
    lab = label_of(text)
    return bool(lab and len(text) <= HEADING_MAX and "。" not in text)


def _starts_paragraph(text: str) -> bool:
    """True when a line (its simplified shadow) must open a new paragraph whatever came
    before.

    That is a numbered item, an attachment marker, a footnote, or a line that starts
    with a clause label (``牵头单位：…`` written on a line of its own).
    """
    return bool(
        label_of(text)
        or _NOTICE_TITLE.match(text)
        or _FIELD_LINE.match(text)
        or (_DATE.match(text) and len(text) <= 14)  # the date under a signature
        or is_plan_title(text)
        or ATTACHMENT.match(text)
        or FOOTNOTE.match(text)
        or load_genre().label_re.match(text)
    )


def _split_cells(span: Span) -> list[Span]:
    """Split a table row into cells at tabs (or, in a text file that draws its table with
    them, at ``|``), stripping each."""
    sep = "\t" if "\t" in span.text else "|｜"
    cells: list[Span] = []
    start = 0
    for i, ch in enumerate(span.text + sep[0]):
        if ch in sep:
            cells.append(span[start:i].strip())
            start = i + 1
    if sep != "\t":  # | a | b |: the outer bars open and close the row
        while cells and not cells[0].text:
            cells.pop(0)
        while cells and not cells[-1].text:
            cells.pop()
    return cells


def _is_row(line: str) -> bool:
    """A table row: two tabs or more, or a row drawn with bars (| 1 | 任务 | 单位 |)."""
    return line.count("\t") >= 2 or line.count("|") + line.count("｜") >= 2


def paragraphs(doc: RawDocument) -> list[Para]:
    """Join physical lines into logical paragraphs.

    A line continues the previous paragraph when that paragraph did not end a sentence
    or a heading and the line does not start a numbered item: this re-joins sentences
    and names split by page breaks (``市疾控中`` / ``心`` → ``市疾控中心``).
    """
    paras: list[Para] = []
    # Word and web pages mark their paragraphs; only text and PDF lines break at page ends
    rejoin = doc.encoding not in ("docx", "html", "htm")
    for item in unflatten(_physical_lines(doc)):
        if isinstance(item, FlatRow):
            paras.append(Para(span=item.span, row=item.cells))
            continue
        span, is_row, is_bullet = item
        if is_row:
            paras.append(Para(span=span, row=_split_cells(span)))
            continue
        prev = paras[-1] if paras else None
        if (
            rejoin
            and prev is not None
            and not is_bullet
            and prev.row is None
            and not _starts_paragraph(span.simple)
            and not _is_terminal(prev.simple)
        ):
            prev.span = prev.span + span
            continue
        paras.append(Para(span=span))
    return paras


LONE_MARKER = re.compile(r"^附\s*件\s*[：:]$")


def is_plan_title(text: str) -> bool:
    """A plan's own title line, not the notice that sends it (关于印发《…方案》的通知)."""
    return (
        text.endswith(_PLAN_TITLE_END)
        and len(text) <= 60
        and not text.startswith(("《", "附件"))
        and not any(w in text for w in ("印发", "现将", "现印发"))
    )
