"""The lexicon of targets: units, qualifiers and verbs from ``data/targets.toml`` (read
once, at import) and the patterns built from them."""

from __future__ import annotations

import re
import tomllib

from graphbuild.settings import DATA_DIR

__all__ = [
    "AFTER_AMOUNT",
    "BARE",
    "CAP_WORDS",
    "CLAUSE_END",
    "CN_QTY",
    "CONTEXT_SKIP",
    "DATE",
    "DEADLINE",
    "DEADLINE_TAIL",
    "DOCNO",
    "FROM",
    "FROM_TO",
    "FULLWIDTH",
    "LEAD_STRIP",
    "MODAL",
    "ORDINAL",
    "POST",
    "PRE_LINK",
    "PRE_QUAL",
    "PRE_WORDS",
    "QTY",
    "QUOTED",
    "RESP",
    "SENT_END",
    "TAIL_VERBS",
    "TIME_OK_PRE",
    "UNITS",
    "VERBS",
    "cn_number",
    "fmt",
    "parse_number",
    "unit_norm",
]

_WORDS = tomllib.loads((DATA_DIR / "targets.toml").read_text(encoding="utf-8"))

FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")

#: Units and their class: "pct", "money", "measure", "time", "count".
UNITS: dict[str, str] = dict(_WORDS["units"])
_UNIT_FORMS: dict[str, str] = dict(_WORDS["unit_forms"])
_UNIT_RX = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM = r"\d+(?:\.\d+)?"
QTY = re.compile(
    rf"(?P<v1>{_NUM})\s*(?:(?P<u1>{_UNIT_RX})?\s*(?:[-~—–]|至)\s*(?P<v2>{_NUM}))?"
    rf"\s*(?P<yu>余|多)?\s*(?P<unit>{_UNIT_RX})"
)
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
CN_QTY = re.compile(
    rf"(?:(?<=不少于)|(?<=不低于)|(?<=至少))(?P<cn>[一二两三四五六七八九十]{{1,3}})(?P<unit>{_UNIT_RX})"
)
POST = re.compile(r"\s*(及以上|以上|以下|以内|之内|内|左右)")
#: Words just before a number that qualify it (kept in ``qualifier``).
PRE_QUAL = tuple(_WORDS["words"]["qualifiers"])
#: Words just before a number that only link metric and value (dropped).
PRE_LINK = tuple(_WORDS["words"]["links"])
PRE_WORDS = sorted(PRE_QUAL + PRE_LINK, key=len, reverse=True)
MODAL = re.compile(r"力争|确保|争取|努力|力求")
FROM_TO = re.compile(
    r"^\s*(提高到|提高至|提升到|提升至|增加到|增加至|增至|调整为|调整到|升级为)"
    r"\s*按?\s*(不低于)?\s*$"
)
FROM = re.compile(r"(从|由)\s*(不低于)?\s*$")
LEAD_STRIP = re.compile(
    r"^(?:[，、；：:\s的]|和|及|其中|同时|并且|并|全年|年内|今年|力争|确保|争取|努力|力求|要|须|进一步|"
    r"(?:到|至|于|在)?20\d{2}\s*年(?:底|末)?(?:前)?|年底前|年底|[①②③④⑤⑥⑦⑧⑨⑩])+"
)
BARE = re.compile(
    r"^(?:净增|新增|增长|增加|提高|提升|下降|降低|减少|达到|达|完成|实现|突破|均|"
    r"分别|年均增长)*$"
)
VERBS = tuple(_WORDS["words"]["verbs"])
TAIL_VERBS = re.compile(r"(增长|增加|提高|提升|下降|降低|减少|达到|达|净增|新增)$")
CONTEXT_SKIP = re.compile(r"(现有|面向|围绕|对照)[^，。；、]{0,8}$")
CAP_WORDS = tuple(_WORDS["words"]["caps"])
TIME_OK_PRE = tuple(_WORDS["words"]["time_limits"])
AFTER_AMOUNT = tuple(_WORDS["words"]["after_amount"])
DEADLINE = re.compile(
    r"(?:到|至|于|在)?20\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:份)?\s*(?:底|末)?|底|末|"
    r"[一二三四]季度|第[一二三四]季度)?\s*(?:前|之前|以前|内)?"
    r"|(?:年底|年末|第?[一二三四]季度|\d{1,2}\s*月\s*底)\s*(?:前|之前)"
    r"|年内|全年|每年|“十四五”期间"
)
DEADLINE_TAIL = re.compile(
    r"(?:(?:到|至|于|在)?20\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:份)?\s*(?:底|末)?|底|末)?"
    r"|年底|年末|第?[一二三四]季度|\d{1,2}\s*月\s*底)\s*(?:前|之前|以前)\s*$"
)
SENT_END = "。；;！？!?\n"
CLAUSE_END = "，,、；;。：:！？!?\n\x00"
QUOTED = re.compile(r"“[^“”]{1,20}”|《[^《》]*》|〈[^〈〉]*〉")
DOCNO = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|\d+\s*号")
ORDINAL = re.compile(r"第\s*\d+")
DATE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{1,2}\s*月\s*(?:份|底|末|中旬|上旬|下旬)"
)
RESP = re.compile(r"[（(【][^（）()【】]*?(?:牵头|负责|配合|责任单位)[^（）()【】]*?[）)】]")


def parse_number(text: str) -> float:
    """A number as written (full-width digits allowed) as a float."""
    return float(text.translate(FULLWIDTH))


def cn_number(text: str) -> float | None:
    if len(text) == 1:
        return float(_CN_DIGITS[text]) if text in _CN_DIGITS else None
    if text.startswith("十"):
        return 10.0 + (_CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    if len(text) == 2 and text[1] == "十":
        return float(_CN_DIGITS.get(text[0], 0) * 10)
    if len(text) == 3 and text[1] == "十":
        return float(_CN_DIGITS.get(text[0], 0) * 10 + _CN_DIGITS.get(text[2], 0))
    return None


def unit_norm(unit: str) -> str:
    """The unit as recorded for a unit as written (个亿 → 亿元)."""
    return _UNIT_FORMS.get(unit, unit)


def fmt(v: float) -> str:
    return f"{v:g}"
