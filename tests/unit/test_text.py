"""Clean text and its simplified shadow, made once when a line is read."""

from __future__ import annotations

import re

from graphbuild.read.text import Span, clean_line


def test_the_shadow_is_made_when_the_line_is_read_and_has_the_same_length():
    line = "1.推進項目建設。（牽頭單位：區發改局）\n"
    read = clean_line(line, 100, "t.txt")
    assert read.text == "1.推進項目建設。（牽頭單位：區發改局）"
    assert read.simple == "1.推进项目建设。（牵头单位：区发改局）"
    assert len(read.simple) == len(read.text) == len(read.offsets)
    assert read.offsets[0] == 100


def test_the_shadow_follows_slicing_joining_and_removal():
    a = clean_line("區財政 局、縣稅務局", 0, "t.txt")  # the space between CJK characters goes
    assert a.text == "區財政局、縣稅務局"
    assert a.simple == "区财政局、县税务局"
    assert a[5:].simple == "县税务局"
    b = clean_line("責任單位", 20, "t.txt")
    assert (a + b).simple == "区财政局、县税务局责任单位"
    assert Span.join([a, b], "\n").simple == "区财政局、县税务局\n责任单位"
    assert a.sub(re.compile("、")).simple == "区财政局县税务局"
    assert a.strip("區").simple == "财政局、县税务局"


def test_a_span_made_without_a_shadow_computes_it():
    made = Span("協辦單位", (0, 1, 2, 3), "t.txt")
    assert made.simple == "协办单位"
    # the shadow is derived data: two spans of the same text compare equal
    assert made == Span("協辦單位", (0, 1, 2, 3), "t.txt", "协办单位")
