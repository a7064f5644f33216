"""Plan metadata found in the document, in process."""

from __future__ import annotations

from graphbuild.extract.metadata import plan_metadata
from graphbuild.parse.document import parse_document
from graphbuild.read.readers import read_any
from tests.utils import FIXTURES, parse_lines


def test_the_signature_of_the_covering_notice_gives_issuer_county_and_date():
    # notice-signature.txt is signed 云和县人民政府办公室 / 2024年1月15日, with no issuer above
    plan = plan_metadata(parse_document(read_any(FIXTURES / "notice-signature.txt")))
    assert (plan.issuer, plan.county, plan.date) == ("云和县人民政府办公室", "云和县", "2024-01-15")
    assert plan.metadata_from["county"] == "document"


def test_a_traditional_letterhead_is_matched_on_its_shadow_and_kept_as_written():
    parsed = parse_lines(
        "t.txt",
        [
            "新港市人民政府辦公廳",
            "重點工作事項分工方案",
            "一、穩增長",
            "1.新建產業園。（市發改委負責）",
        ],
    )
    plan = plan_metadata(parsed)
    assert plan.issuer == "新港市人民政府辦公廳"
    assert plan.county == "新港市"


def test_options_fill_what_the_document_lacks():
    lines = ["重点工作分工方案", "一、稳增长", "1.新建产业园。（县发改局负责）"]
    parsed = parse_lines("t.txt", lines)
    plan = plan_metadata(parsed, options={"county": "白石县"})
    assert plan.county == "白石县"
    assert plan.metadata_from["county"] == "option"
