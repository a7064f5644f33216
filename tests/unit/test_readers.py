"""Readers in process: legacy encodings, Word and saved web pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.read.readers import read_any

PLAN = "县重点工作任务分解方案\n一、稳增长\n1.新建产业园一个。（县发改局牵头）\n"


def test_gb18030_text_is_decoded(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gb18030"))
    doc = read_any(path)
    assert doc.text == PLAN
    assert doc.encoding == "gb18030"


def test_an_empty_file_is_a_one_line_input_error(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        read_any(path)


def test_word_paragraphs_and_table_rows(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_paragraph("县重点任务清单")
    table = document.add_table(rows=2, cols=3)
    rows = [("序号", "重点任务", "牵头单位"), ("1", "建学校", "县教育局")]
    for r, values in zip(table.rows, rows, strict=True):
        for c, value in zip(r.cells, values, strict=True):
            c.text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    lines = read_any(path).text.splitlines()
    assert lines[0] == "县重点任务清单"
    assert lines[1].split("\t") == ["序号", "重点任务", "牵头单位"]
    assert lines[2].split("\t") == ["1", "建学校", "县教育局"]


def test_a_saved_page_keeps_the_article_and_drops_the_navigation(tmp_path: Path):
    body = "".join(f"<p>{line}</p>" for line in PLAN.splitlines())
    page = (
        "<html><body><div class='nav'><a href='/'>首页</a><a href='/x'>政务公开</a></div>"
        f"<div class='article'>{body}<p>{'为做好工作，现制定方案如下。' * 5}</p></div>"
        "<div class='footer'>版权所有 主办单位：县政府办公室</div></body></html>"
    )
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    text = read_any(path).text
    assert "1.新建产业园一个。（县发改局牵头）" in text
    assert "首页" not in text
