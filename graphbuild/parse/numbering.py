"""Numbering labels of headings and items: 一、 （二） 3. （4） ⑤ 第六条, and their values."""

from __future__ import annotations

import re

__all__ = ["STYLES", "cn_number", "label_of"]

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
