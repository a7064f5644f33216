"""The document tree: paragraphs re-joined across page breaks, headings, items and tables.

The tree keeps, for every node, the clean text of its own paragraphs as
:class:`~graphbuild.read.text.Span` objects, so every later fact can point at the raw file.
Nothing here knows about responsibility; it only recovers the document's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.read.corpus import InputError, RawDocument
from graphbuild.read.genre import load_genre
from graphbuild.read.hanzi import to_simplified
from graphbuild.read.text import Span, clean_line

__all__ = [
    "STYLES",
    "Node",
    "Para",
    "ParsedDocument",
    "Part",
    "cn_number",
    "label_of",
    "parse_document",
]

#: Numbering styles, as (name, pattern). The outline level of a style is decided by the
#: order in which styles first appear under a parent, not fixed here.
STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # regulations and some plans: 第二章 …, 第三条 …
    ("chap", re.compile(r"^第\s*([一二三四五六七八九十百零〇]{1,4})\s*章")),
    ("art", re.compile(r"^第\s*([一二三四五六七八九十百零〇]{1,6})\s*条")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*、")),
    ("pcn", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]")),
    ("par", re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]")),
    ("ar", re.compile(r"^(\d{1,3})\s*[\.．、﹒。](?![\d.])")),
    ("circ", re.compile(r"^([\u2460-\u2473])")),
)

# 附件1, 附件 2, and a lone 附件 (a single attachment, numbered 1)
_ATTACHMENT = re.compile(r"^附\s*件\s*(\d{1,2})?$")
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
_HEADING_MAX = 40
_FOOTNOTE = re.compile(r"^(备注|注)\s*[：:]")
_APPENDIX = re.compile(r"^附\s*表")
#: Header cells of a table column that groups rows (a category cell merged over its rows).
_GROUP_HEADERS = ("类别", "类型", "领域", "板块", "重点领域", "工作类别", "任务类别", "项目类别")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int:
    """Value of a Chinese numeral up to 999 (一 → 1, 十二 → 12, 二十 → 20, 一百零二 → 102)."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    if "百" in text:
        hundreds, _, text = text.partition("百")
        total += _CN_DIGITS[hundreds] * 100 if hundreds else 100
        text = text.lstrip("零〇")
        if not text:
            return total
    if "十" not in text:
        return total + _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return total + (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def label_of(text: str) -> tuple[str, str, int] | None:
    """Return (style, label as written, number) when ``text`` starts with a numbering label."""
    for style, pattern in STYLES:
        m = pattern.match(text)
        if m:
            raw = m.group(1)
            if style in ("cn", "pcn", "chap", "art"):
                number = cn_number(raw)
            elif style == "circ":
                number = ord(raw) - 0x2460 + 1
            else:
                number = int(raw)
            return style, m.group(0).strip(), number
    return None


@dataclass
class Para:
    """A logical paragraph: physical lines joined where a page break split them."""

    span: Span
    row: list[Span] | None = None  # the cells, for a table row

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class Node:
    """A node of the document tree: a heading, a numbered item, a table or a table row."""

    kind: str  # "root" | "item" | "table" | "row"
    style: str | None
    label: str
    number: int | None
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    cells: dict[str, Span] = field(default_factory=dict)

    @property
    def head(self) -> Span:
        """The node's first paragraph (its heading line, label included)."""
        return self.paras[0].span

    def own_text(self) -> Span:
        """The node's own paragraphs joined by newlines (children excluded)."""
        spans = [p.span for p in self.paras]
        return Span.join(spans, "\n") if spans else Span("", (), "")

    def walk(self) -> list[Node]:
        """This node and all its descendants, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Part:
    """The general plan (number 0) or one attachment (附件 N)."""

    number: int
    title: Span
    marker: Span | None
    root: Node
    start: int
    end: int


@dataclass
class ParsedDocument:
    """A document split into header lines, the general plan and its attachments."""

    raw: RawDocument
    header: list[Para]
    parts: list[Part]
    standalone: bool = False  # no attachments: the top-level sections group the tasks
    lines: list[Para] = field(default_factory=list)  # every paragraph, header included


def _physical_lines(doc: RawDocument) -> list[tuple[Span, bool, bool]]:
    """Clean every non-empty line; flag table rows (two tabs or more) and bullet lines."""
    out: list[tuple[Span, bool, bool]] = []
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        span = clean_line(line, pos, doc.name)
        pos += len(line)
        if not span.text:
            continue
        is_row = _is_row(line)
        pieces = [span] if is_row else _split_run_on_items(span)
        for k, piece in enumerate(pieces):
            out.append((piece, is_row, k == 0 and line.lstrip().startswith("- ")))
    return out


_ITEM_AFTER_CLAUSE = re.compile(
    r"[）)]\s*(?=[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,3}\s*[\.．、])"
)


def _split_run_on_items(span: Span) -> list[Span]:
    """Split a line where a numbered item follows the responsibility clause that ends the
    item before it: ``…增长。（省发改委负责）（二）公共财政收入…`` (two items run together by
    the copy)."""
    genre = load_genre()
    text = span.text
    cuts = []
    for m in _ITEM_AFTER_CLAUSE.finditer(text):
        opener = max(text.rfind(c, 0, m.start()) for c in "（(")
        inner = to_simplified(text[opener + 1 : m.start()]) if opener >= 0 else ""
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
    """True when a paragraph ends where a sentence or a heading would end."""
    text = to_simplified(text)
    if text.endswith(_TERMINAL) or text.endswith(_TITLE_END):
        return True
    if (_DATE.match(text) and len(text) <= 14) or _DOCNO.match(text):
        return True
    if text.endswith(("人民政府办公室", "人民政府办公厅", "人民政府", "文件")) and len(text) <= 24:
        return True
    if _ATTACHMENT.match(text) or _ATTACHMENT_LIST.match(text) or _LONE_MARKER.match(text):
        return True
    lab = label_of(text)
    return bool(lab and len(text) <= _HEADING_MAX and "。" not in text)


def _starts_paragraph(text: str) -> bool:
    """True when a line must open a new paragraph whatever came before.

    That is a numbered item, an attachment marker, a footnote, or a line that starts
    with a clause label (``牵头单位：…`` written on a line of its own).
    """
    text = to_simplified(text)
    return bool(
        label_of(text)
        or _NOTICE_TITLE.match(text)
        or _FIELD_LINE.match(text)
        or (_DATE.match(text) and len(text) <= 14)  # the date under a signature
        or _is_plan_title(text)
        or _ATTACHMENT.match(text)
        or _FOOTNOTE.match(text)
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
    for span, is_row, is_bullet in _physical_lines(doc):
        if is_row:
            paras.append(Para(span=span, row=_split_cells(span)))
            continue
        prev = paras[-1] if paras else None
        if (
            rejoin
            and prev is not None
            and not is_bullet
            and prev.row is None
            and not _starts_paragraph(span.text)
            and not _is_terminal(prev.text)
        ):
            prev.span = prev.span + span
            continue
        paras.append(Para(span=span))
    return paras


_UNIT_HEADER = re.compile(
    r"^(牵头|责任|配合|协办|主办|主责|承办|参与|协同|牵头责任|协同责任|主要责任)?(单位|部门|科室|处室)$"
)
_TASK_WORDS = ("任务", "工作", "事项", "内容", "项目", "目标")
_TASK_HEADER = re.compile(rf"^.{{0,6}}({'|'.join(_TASK_WORDS)}|项目名称)$")


def _is_header(texts: list[str]) -> bool:
    """A task table's header row: it has a 序号 column, or short cells naming a unit column
    (牵头单位, 责任单位…) and a task column (任务, 工作, 事项)."""
    if any("序号" in t for t in texts) or (texts and texts[0] in ("编号", "序")):
        return True
    units = any(_UNIT_HEADER.match(t) for t in texts)
    return units and any(_TASK_HEADER.match(t) for t in texts)


def _table_columns(header: list[Span]) -> dict[str, int]:
    """Map table header cells to column roles by their wording."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _cell_name(cell)
        if "序号" in name or name in ("编号", "序"):
            cols.setdefault("no", i)
        elif name in _GROUP_HEADERS:
            cols.setdefault("group", i)
        elif any(w in name for w in _TASK_WORDS) and "单位" not in name and "领导" not in name:
            cols.setdefault("task", i)
        elif any(w in name for w in ("单位", "部门", "科室", "处室")):
            if "牵头" in name and "责任" not in name:
                cols.setdefault("lead", i)
            elif "配合" in name or "协办" in name or "参与" in name:
                cols.setdefault("cooperate", i)
            elif "牵头" in name:
                cols.setdefault("lead", i)
            else:
                cols.setdefault("units", i)
        elif "领导" in name:
            cols.setdefault("leaders", i)
        elif "责任人" in name:
            cols.setdefault("person", i)
    # 主要责任单位 set against 协同配合单位 is the lead column
    main = "units" in cols and any(w in _cell_name(header[cols["units"]]) for w in ("主要", "主责"))
    if main and "cooperate" in cols and "lead" not in cols:
        cols["lead"] = cols.pop("units")
    return cols


def _cell_name(cell: Span) -> str:
    """A cell's simplified text without spaces (目 标 任 务 is spaced out to fit)."""
    return "".join(to_simplified(cell.text).split())


class _TreeBuilder:
    """Build one part's tree from its paragraphs with a stack of numbering styles."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.stack: list[Node] = [root]
        self.table: Node | None = None
        self.columns: dict[str, int] = {}
        self.group = ""
        self.rows = 0
        self.loose_heading: Node | None = None  # a heading line read inside a table

    def add(self, para: Para) -> None:
        if para.row is not None:
            self._add_row(para)
            return
        if self.table is not None:
            if _FOOTNOTE.match(to_simplified(para.text)):
                self.table.paras.append(para)
                self._close_table()
                return
            lab = label_of(para.text)
            if lab and lab[0] == "cn" and len(para.text) <= _HEADING_MAX:
                self._table_section(para, lab)
                self.loose_heading = self.table_section
                return
            self._close_table()
        if _APPENDIX.match(to_simplified(para.text)):
            del self.stack[1:]
        lab = label_of(para.text)
        if lab is None:
            self.stack[-1].paras.append(para)
            return
        style, label, number = lab
        node = Node(kind="item", style=style, label=label, number=number, paras=[para])
        styles = [n.style for n in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def _add_row(self, para: Para) -> None:
        cells = para.row or []
        texts = [_cell_name(c) for c in cells]
        if _is_header(texts):
            if self.loose_heading is not None:
                # the heading line just read opens a new table: it was a heading, not a
                # section of the table before it
                heading = self.loose_heading
                assert self.table is not None
                self.table.children.remove(heading)
                self._close_table()
                self.add(heading.paras[0])
            if self.table is None:
                self.table = Node(kind="table", style="table", label="table", number=None)
                self.stack[-1].children.append(self.table)
                self.table_section: Node = self.table
                self.table.paras.append(para)
            self.columns = _table_columns(cells)
            self.group = ""
            self.rows = 0
            return
        if self.table is None:
            self.stack[-1].paras.append(Para(span=para.span))
            return
        self.loose_heading = None
        first = texts[0] if texts else ""
        lab = label_of(first)
        if lab and lab[0] in ("cn", "pcn") and not any(c.text for c in cells[1:]):
            self._table_section(Para(span=cells[0]), lab)
            return
        if "no" in self.columns:
            no = self.columns["no"]
            # a row number as written: 12, 12., 12、 or marked 12* / 12★
            number = texts[no].rstrip(".．、*＊★☆※ ") if no < len(texts) else ""
        else:
            # a table without a number column: its rows are numbered in order
            task = self.columns.get("task")
            has_task = task is not None and task < len(texts) and bool(texts[task])
            number = str(self.rows + 1) if has_task else ""
        if re.fullmatch(r"[0-9０-９]{1,4}", number):
            self.rows += 1
            last = self.table_section.children[-1] if self.table_section.children else None
            if last is not None and last.kind == "row" and last.label == number:
                self._continue_row(last, para, cells)  # a 序号 cell merged over two lines
                return
            self._group_row(cells)
            row = Node(kind="row", style="row", label=number, number=int(number), paras=[para])
            for key, idx in self.columns.items():
                if idx < len(cells):
                    row.cells[key] = cells[idx]
            self.table_section.children.append(row)
            return
        self.table_section.paras.append(para)

    def _continue_row(self, row: Node, para: Para, cells: list[Span]) -> None:
        """Add a line whose number cell is merged with the row above to that row: its cells
        join the row's, except those merged too (the same text repeated)."""
        row.paras.append(para)
        for key, idx in self.columns.items():
            if idx >= len(cells) or not cells[idx].text or key == "no":
                continue
            old = row.cells.get(key)
            if old is None or not old.text:
                row.cells[key] = cells[idx]
            elif cells[idx].text != old.text:
                row.cells[key] = Span.join([old, cells[idx]], "；" if key != "task" else "\n")

    def _group_row(self, cells: list[Span]) -> None:
        """Open a table section when the row's category cell (类别, 领域…) changes."""
        idx = self.columns.get("group")
        if idx is None or idx >= len(cells) or not cells[idx].text:
            return
        cell = cells[idx]
        if cell.text == self.group:
            return
        self.group = cell.text
        assert self.table is not None
        number = sum(1 for c in self.table.children if c.kind == "item") + 1
        lab = label_of(cell.text)
        label = lab[1] if lab else ""
        self._table_section(Para(span=cell), ("tcn", label, number))

    def _table_section(self, para: Para, lab: tuple[str, str, int]) -> None:
        assert self.table is not None
        _style, label, number = lab
        node = Node(kind="item", style="tcn", label=label, number=number, paras=[para])
        self.table.children.append(node)
        self.table_section = node

    def _close_table(self) -> None:
        self.table = None
        self.columns = {}
        self.group = ""
        self.loose_heading = None


def parse_document(doc: RawDocument) -> ParsedDocument:
    """Split a document into header, general plan and attachments, each as a tree.

    Raises
    ------
    InputError
        If the text has no attachment (附件 N) at all.
    """
    paras = paragraphs(doc)
    marks = [i for i, p in enumerate(paras) if p.row is None and _is_marker(paras, i)]
    has_table = any(p.row and _is_header([_cell_name(c) for c in p.row]) for p in paras)
    if (
        not marks
        and not has_table
        and not any(label_of(to_simplified(p.text)) for p in paras if p.row is None)
    ):
        raise InputError(
            f"{doc.name}: no attachment (附件 N), numbered item or task table (序号) found; "
            "is this a plan?"
        )
    body_start = _general_plan_start(paras, marks[0] if marks else len(paras))
    header = paras[:body_start]
    parts: list[Part] = []
    bounds = [(0, body_start, marks[0] if marks else len(paras))] + [
        (_attachment_number(paras[m].text), m, nxt)
        for m, nxt in zip(marks, [*marks[1:], len(paras)][: len(marks)], strict=True)
    ]
    for number, start, end in bounds:
        marker = paras[start].span if number else None
        title_idx = start + 1 if number else start
        if title_idx >= end:
            continue
        title = paras[title_idx].span
        root = Node(kind="root", style=None, label="", number=None, paras=[])
        builder = _TreeBuilder(root)
        # a part that opens with its task table has no title line of its own
        first = title_idx if paras[title_idx].row is not None else title_idx + 1
        for para in paras[first:end]:
            builder.add(para)
        last = paras[end - 1].span
        parts.append(
            Part(
                number=number,
                title=title,
                marker=marker,
                root=root,
                start=(marker or title).offsets[0],
                end=last.offsets[-1] + 1 if last.offsets else title.offsets[-1] + 1,
            )
        )
    return ParsedDocument(raw=doc, header=header, parts=parts, standalone=not marks, lines=paras)


_LONE_MARKER = re.compile(r"^附\s*件\s*[：:]$")


def _is_marker(paras: list[Para], i: int) -> bool:
    """An attachment's marker line: 附件1, 附件, or a lone 附件： that is followed by the
    attachment's title rather than by a numbered list of the attachments (1.…名单)."""
    text = to_simplified(paras[i].text)
    if _ATTACHMENT.match(text):
        return True
    if not _LONE_MARKER.match(text) or i + 1 >= len(paras):
        return False
    return label_of(to_simplified(paras[i + 1].text)) is None


def _attachment_number(text: str) -> int:
    """The number of an attachment marker line (a lone 附件 is number 1)."""
    m = _ATTACHMENT.match(to_simplified(text))
    return int(m.group(1)) if m and m.group(1) else 1


def _is_plan_title(text: str) -> bool:
    """A plan's own title line, not the notice that sends it (关于印发《…方案》的通知)."""
    return (
        text.endswith(_PLAN_TITLE_END)
        and len(text) <= 60
        and not text.startswith(("《", "附件"))
        and not any(w in text for w in ("印发", "现将", "现印发"))
    )


def _general_plan_start(paras: list[Para], first_mark: int) -> int:
    """Index of the general plan's title: the last 方案 title before the first label."""
    first_label = next(
        (i for i, p in enumerate(paras[:first_mark]) if p.row is None and label_of(p.text)),
        first_mark,
    )
    candidates = [
        i for i, p in enumerate(paras[:first_label]) if _is_plan_title(to_simplified(p.text))
    ]
    if candidates:
        return candidates[-1]
    # a covering notice with numbered requirements of its own (一、务必高度重视。…) comes
    # before the plan: the plan starts at the first plan title after the notice
    later = (
        i
        for i, p in enumerate(paras[first_label:first_mark], first_label)
        if p.row is None and _is_plan_title(to_simplified(p.text))
    )
    return next(later, 0)
