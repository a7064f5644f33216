"""Pages per second for each input format (.txt, .docx, .html, .pdf).

Usage: python benchmarks/formats_speed.py [--repeat 3]

The two seed plans are written out in every format (the PDF with reportlab's built-in
CJK font, about 45 lines a page). A "page" is a page of that PDF, so the figures of all
formats count the same amount of text. Times cover reading and building (parse, extract,
resolve), not validation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.build import build_corpus

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
LINES_PER_PAGE = 45


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def write_docx(text: str, path: Path) -> None:
    """One paragraph per line; tab-separated rows as a Word table."""
    import docx

    document = docx.Document()
    for line in _lines(text):
        if line.count("\t") >= 2:
            cells = line.split("\t")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(line)
    document.save(str(path))


def write_html(text: str, path: Path) -> None:
    """A saved page with navigation around the plan."""
    import html

    body = []
    for line in _lines(text):
        if line.count("\t") >= 2:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            body.append(f"<table><tr>{cells}</tr></table>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    page = (
        "<html><head><meta charset='utf-8'></head><body><div class='nav'><a>首页</a>"
        f"<a>政务公开</a></div><div class='content'>{''.join(body)}</div>"
        "<div id='footer'>版权所有</div></body></html>"
    )
    path.write_text(page, encoding="utf-8")


def write_pdf(text: str, path: Path) -> int:
    """A PDF with a text layer; returns its page count."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    pages, y = 1, 800
    for line in _lines(text):
        for start in range(0, len(line), 48):
            if y < 40:
                c.showPage()
                pages, y = pages + 1, 800
            c.setFont("STSong-Light", 10)
            c.drawString(30, y, line[start : start + 48].replace("\t", "  "))
            y -= 17
    c.showPage()
    c.save()
    return pages


def main() -> None:
    """Write every format, time the builds, print pages per second."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = 0
        for fmt in ("txt", "docx", "html", "pdf"):
            (root / fmt).mkdir()
        for src in sorted(RAW.glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            (root / "txt" / src.name).write_text(text, encoding="utf-8")
            write_docx(text, root / "docx" / f"{src.stem}.docx")
            write_html(text, root / "html" / f"{src.stem}.html")
            pages += write_pdf(text, root / "pdf" / f"{src.stem}.pdf")
        print(f"{pages} pages in the two plans (as PDF pages of {LINES_PER_PAGE} lines)")
        build_corpus(root / "txt")  # warm-up: one-time imports are not any format's cost
        for fmt in ("txt", "docx", "html", "pdf"):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                corpus, _ = build_corpus(root / fmt)
                times.append(time.perf_counter() - started)
            best = statistics.median(times)
            print(
                f"{fmt:>5}: {best:6.2f} s median of {args.repeat}  "
                f"{pages / best:7.1f} pages/s  tasks={len(corpus.tasks)}  "
                f"skipped={len(corpus.skipped)}"
            )


if __name__ == "__main__":
    main()
