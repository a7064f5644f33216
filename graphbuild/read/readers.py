"""Readers for the file formats researchers download: text, Word, PDF and saved web pages.

Each reader turns a file into plain text in the shape the parser expects: one paragraph
per line, table rows as tab-separated cells. Offsets in the model index into this text;
the source keeps the original file name.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from graphbuild.read.corpus import InputError, RawDocument, check_text, decode, read_document

__all__ = ["SUFFIXES", "docx_text", "html_text", "pdf_text", "read_any"]

SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm")

_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
}
_HEADINGS = ("h1", "h2", "h3")
_BOILERPLATE = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "input",
    "svg",
)
_NOISE = re.compile(
    r"nav|menu|footer|header|breadcrumb|sidebar|share|banner|toolbar|"
    r"copyright|search|login|topbar|bottom",
    re.IGNORECASE,
)


def _cell_lines(lines: list[str]) -> str:
    """A cell's paragraphs on one line: one unit per paragraph (市发改委 / 各街道) must not run
    together, so a paragraph that does not end in punctuation is followed by a ；."""
    parts = [" ".join(x.split()) for x in lines]
    parts = [x for x in parts if x]
    if len(parts) > 1 and all(len(x) <= 2 for x in parts[:-1]):
        return "".join(parts)  # one name written down the cell: 市 / 监 / 察 / 局
    out = ""
    for part in (x for x in parts if x):
        if out and out[-1] not in "。；;，,、：:":
            out += "；"
        out += part
    return out


def _row(cells: list[str]) -> str:
    """A table row as one line: cells joined by tabs (at least two tabs, so it reads as a row)."""
    cells = [" ".join(c.split()) for c in cells]
    line = "\t".join(cells)
    return line + "\t" * max(0, 2 - line.count("\t"))


def docx_text(path: Path) -> str:
    """Paragraphs and tables of a Word file, in document order."""
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - a dependency of the project
        raise InputError(f"{path.name}: python-docx is not installed; run ./run setup") from None
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(
            f"{path.name}: not a valid .docx file; open and re-save it in Word"
        ) from None
    lines: list[str] = []
    body = document.element.body
    tables = {t._tbl: t for t in document.tables}
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(node.text or "" for node in child.iter(qn("w:t")))
            lines.append(text.strip())
        elif child.tag == qn("w:tbl") and child in tables:
            for row in tables[child].rows:
                seen: list[object] = []
                cells = []
                for cell in row.cells:
                    if cell._tc in seen:  # a cell merged across columns: once, then blanks
                        cells.append("")
                        continue
                    seen.append(cell._tc)
                    cells.append(_cell_lines([par.text for par in cell.paragraphs]))
                lines.append(_row(cells))
    return "\n".join(lines) + "\n"


def _pdfplumber_pages(path: Path) -> list[str]:
    """Page texts with ruled tables as tab-separated rows, in reading order."""
    import pdfplumber

    pages: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            parts: list[str] = []
            top = 0.0
            for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
                _, t_top, _, t_bottom = table.bbox
                if t_top > top:
                    above = page.crop((0, top, page.width, t_top)).extract_text()
                    parts.append(above or "")
                parts.extend(_row([c or "" for c in row]) for row in table.extract())
                top = max(top, t_bottom)
            if top < page.height:
                parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
            pages.append("\n".join(p for p in parts if p))
    return pages


def _pypdf_pages(path: Path) -> list[str]:
    """Page texts from pypdf (no table structure)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise InputError(f"{path.name}: the PDF is encrypted; save an unprotected copy")
    return [page.extract_text() or "" for page in reader.pages]


def _unmapped(text: str) -> int:
    """Glyphs a PDF reader could not map to Unicode (written as ``(cid:97)``)."""
    return text.count("(cid:")


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page after page; ruled tables come out as table rows.

    pdfplumber reads the tables; pypdf is the fallback for a PDF it cannot read.

    Raises
    ------
    InputError
        For an unreadable or encrypted PDF, or a scanned one without a text layer.
    """
    from pypdf.errors import PdfReadError

    try:
        pages = _pdfplumber_pages(path)
    except InputError:
        raise
    except Exception:
        pages = []
    if not pages or _unmapped("\n".join(pages)):
        # pdfminer cannot map some CID fonts (MSung-Light, traditional characters) to
        # Unicode and writes (cid:97) or wrong characters; pypdf reads their CMaps
        try:
            fallback = _pypdf_pages(path)
        except PdfReadError as exc:
            if not pages:
                raise InputError(
                    f"{path.name}: not a readable PDF ({exc}); re-save or export it again"
                ) from None
            fallback = []
        if fallback and _unmapped("\n".join(fallback)) < _unmapped("\n".join(pages) or "(cid:"):
            pages = fallback
    text = "\n".join(pages)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 20:
        raise InputError(
            f"{path.name}: a scanned PDF without a text layer; run OCR on it first "
            "(for example ocrmypdf -l chi_sim) and retry"
        )
    return text


def _score(node) -> int:
    """Chinese characters in a node's text outside links (menus are mostly links)."""
    total = sum(1 for ch in node.get_text() if "\u4e00" <= ch <= "\u9fff")
    linked = sum(1 for a in node.find_all("a") for ch in a.get_text() if "\u4e00" <= ch <= "\u9fff")
    return total - linked


def _content_root(body):
    """Descend into the child that holds most of the text, while it holds nearly all."""
    node = body
    while True:
        children = [c for c in node.find_all(recursive=False) if c.name]
        if not children:
            return node
        best = max(children, key=_score)
        if _score(best) < 0.85 * _score(node) or best.name in ("table", "tbody", "tr"):
            return node
        if any(c.name in _HEADINGS and _score(c) >= 4 for c in children if c is not best):
            return node  # the article: its headline (the notice's title) sits beside the text
        node = best


def _span(cell, attr: str) -> int:
    """A cell's rowspan or colspan (1 when missing or unreadable)."""
    try:
        return max(1, min(int(cell.get(attr, 1)), 500))
    except (TypeError, ValueError):
        return 1


def _take_carried(carried: dict[int, tuple[int, str, int]], col: int, cells: list[str]) -> int:
    """Append the merged cells that reach down into this row at ``col``; the next column."""
    while col in carried:
        left, text, width = carried.pop(col)
        cells.extend([text] + [""] * (width - 1))
        if left > 1:
            carried[col] = (left - 1, text, width)
        col += width
    return col


def _table_rows(table) -> list[list[str]]:
    """An HTML table's rows as cell texts.

    A cell merged over several rows (``rowspan``) is repeated in each row it covers, so a
    unit cell shared by three tasks gives each of them its units; a cell merged over several
    columns is followed by blank cells, so every row keeps the header's columns (Word tables
    are read the same way).
    """
    rows: list[list[str]] = []
    carried: dict[int, tuple[int, str, int]] = {}  # column → (rows left, text, width)
    for tr in table.find_all("tr"):
        cells: list[str] = []
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            col = _take_carried(carried, col, cells)
            for br in td.find_all("br"):
                br.replace_with("\n")
            for block in td.find_all(["p", "div", "li"]):
                block.append("\n")
            text = _cell_lines(td.get_text("").split("\n"))
            width = _span(td, "colspan")
            cells.extend([text] + [""] * (width - 1))  # keep the columns of the grid
            if _span(td, "rowspan") > 1:
                carried[col] = (_span(td, "rowspan") - 1, text, width)
            col += width
        for start in sorted(c for c in carried if c >= col):
            col = _take_carried(carried, start, cells)
        rows.append(cells)
    return rows


def _render(node, lines: list[str], buf: list[str]) -> None:
    from bs4 import NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            buf.append(str(child))
            continue
        name = child.name
        if name == "table":
            _flush(lines, buf)
            for cells in _table_rows(child):
                if any(cells):
                    lines.append(_row(cells))
            continue
        if name in _HEADINGS:
            _flush(lines, buf)
            buf.append(child.get_text(""))  # a <br> inside a headline does not end it
            _flush(lines, buf)
            continue
        if name in _BLOCKS:
            _flush(lines, buf)
            _render(child, lines, buf)
            _flush(lines, buf)
        else:
            _render(child, lines, buf)


def _flush(lines: list[str], buf: list[str]) -> None:
    text = " ".join("".join(buf).split())
    buf.clear()
    if text:
        lines.append(text)


def html_text(path: Path) -> str:
    """The main text of a saved government web page: navigation dropped, tables kept."""
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    head = data[:4096].decode("ascii", errors="ignore").lower()
    declared = re.search(r'charset=["\']?([a-z0-9_-]+)', head)
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode(data, path.name)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_BOILERPLATE):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        marker = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if marker and _NOISE.search(marker) and _score(tag) < 400:
            tag.decompose()
    body = soup.body or soup
    lines: list[str] = []
    _render(_content_root(body), lines, [])
    return "\n".join(lines) + "\n"


def read_any(path: Path) -> RawDocument:
    """Read a plan in any supported format.

    Raises
    ------
    InputError
        For an unsupported suffix or a file its reader cannot use.
    """
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text", ".md"):
        return read_document(path)
    readers = {".docx": docx_text, ".pdf": pdf_text, ".html": html_text, ".htm": html_text}
    if suffix not in readers:
        raise InputError(f"{path.name}: unsupported file type; use .txt, .docx, .pdf or .html")
    text = readers[suffix](path)
    check_text(text, suffix.lstrip("."), path.name)
    return RawDocument(path=path, name=path.name, text=text, encoding=suffix.lstrip("."))
