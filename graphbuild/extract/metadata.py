"""Plan metadata: county, issuer, document number, date and title, and where each came from.

The finders look, in order, at the lines above the plan's title (an issuing office), the
letterhead, the covering notice's signature, the notice's own title and a web page's
fields; a ``NAME.meta.toml`` sidecar and the command-line options fill what the document
does not state.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from graphbuild.extract.plan_ids import plan_id
from graphbuild.model import Plan, Source
from graphbuild.parse.document import ParsedDocument
from graphbuild.read.corpus import InputError

__all__ = ["META_FIELDS", "UNKNOWN_ISSUER", "county_slug", "plan_metadata", "read_sidecar"]

#: The issuer recorded when no document, sidecar or option names one (``metadata_from``
#: then says ``unknown``).
UNKNOWN_ISSUER = "未注明"

_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_OFFICES = "人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|政府[（(]办公室[)）]"
_ISSUER = re.compile(rf"^([\u4e00-\u9fff]{{2,20}}?)({_OFFICES})$")
# the notice's own title names its issuer: 滁州市人民政府关于……的通知 (a web page may put a
# bracketed short title before it)
_NOTICE = re.compile(rf"^(?:【[^】]{{0,40}}】)?((.{{2,20}}?)({_OFFICES}))关于")
# a signature of a county department: its county, then the department's name
_DEPARTMENTS = "委员会|办公室|局|委|办|中心"
_DEPARTMENT = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,4}[省市州])?[\u4e00-\u9fff]{1,5}?[县区旗市])"
    rf"[\u4e00-\u9fff]{{2,16}}({_DEPARTMENTS})$"
)
# a notice issued by a county department: 平顶山市河长制办公室关于印发……的通知
_DEPARTMENT_NOTICE = re.compile(
    r"^(?:【[^】]{0,40}】)?(([\u4e00-\u9fff]{1,8}?[县区旗市州])[\u4e00-\u9fff]{1,16}?"
    rf"({_DEPARTMENTS}))关于"
)
# a web page's fields: 发布机构：阜阳市人民政府, 来源：青岛市政府办公厅
_PAGE_ISSUER = re.compile(
    rf"(?:发布机构|发文机关|信息来源|来源)\s*[：:]\s*(([\u4e00-\u9fff]{{2,20}}?)({_OFFICES}))"
)
# a web page's own date line: 发布时间:2020-02-03 17:29
_PAGE_DATE = re.compile(r"发布(?:时间|日期)\s*[：:]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


def county_slug(file_name: str, county: str, date: str = "") -> str:
    """A readable ASCII slug for IDs (see :func:`graphbuild.extract.plan_ids.plan_id`)."""
    return plan_id(Path(file_name), county, date)


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``NAME.meta.toml`` beside a plan (county, issuer, number, date, title)."""
    side = path.with_name(path.stem + ".meta.toml")
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{side.name}: not valid TOML ({exc}); fix or remove it") from None
    return {k: str(v) for k, v in data.items() if k in META_FIELDS}


META_FIELDS = ("county", "issuer", "number", "date", "title")


_JOINT = re.compile(r"^中共\S{2,12}?委\s*")


def _issuer(found: dict[str, str], issuer: str, simple: str) -> None:
    """Record an issuing office and the county its name starts with (of a joint signature
    中共X县委 X县人民政府, the government)."""
    cut = _JOINT.match(simple)
    if cut:
        issuer, simple = issuer[cut.end() :], simple[cut.end() :]
    found["issuer"] = issuer
    found["county"] = issuer[: _ISSUER.match(simple).end(1)]  # type: ignore[union-attr]


def _iso(m: re.Match[str]) -> str:
    y, mo, d = m.groups()[:3]
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def _letterhead(lines: list[str], texts: list[str]) -> dict[str, str] | None:
    """The office's name heading the document."""
    at = next((i for i, t in enumerate(texts[:3]) if _ISSUER.match(t)), None)
    if at is None:
        return None
    found: dict[str, str] = {}
    _issuer(found, lines[at], texts[at])
    return found


def _signature(lines: list[str], texts: list[str]) -> dict[str, str] | None:
    """The covering notice's signature: an office on a line of its own, last on a joint line
    (中共湘阴县委 湘阴县人民政府) or a county department, with the date on the next line."""
    for i, text in enumerate(texts[:-1]):
        date = _DATE.match(texts[i + 1])
        if not date:
            continue
        found = {"date": _iso(date)}
        last = text.split()[-1] if text.split() else ""
        if _ISSUER.match(text) or _ISSUER.match(last):
            whole = bool(_ISSUER.match(text))
            written = lines[i] if whole else lines[i].split()[-1]
            _issuer(found, written, text if whole else last)
            return found
        department = _DEPARTMENT.match(text)
        if department:  # 万州区发展和改革委员会
            return found | {"issuer": lines[i], "county": department.group(1)}
    return None


def _named(texts: list[str], fields: list[str]) -> dict[str, str] | None:
    """The notice's title (X人民政府关于…的通知, X河长制办公室关于…) or a web page's
    发布机构/来源 field, in its text or in its information table."""
    head = texts[:12]
    titled = (m for t in head for m in [_NOTICE.match(t) or _DEPARTMENT_NOTICE.match(t)] if m)
    field = (m for t in [*head, *fields] for m in [_PAGE_ISSUER.search(t)] if m)
    m = next(titled, None) or next(field, None)
    return {"issuer": m.group(1), "county": m.group(2)} if m else None


def _issuer_elsewhere(parsed: ParsedDocument) -> dict[str, str]:
    """Issuer, county and date when no issuer stands above the plan's title: the letterhead,
    else the covering notice's signature, else the notice's title or the page's fields."""
    lines = [p.text for p in parsed.lines if p.row is None]
    texts = [p.simple for p in parsed.lines if p.row is None]
    # a page's information table (发布机构 | X区政府(办公室)) is read as rows
    fields = [" ".join(c.simple for c in p.row) for p in parsed.lines[:16] if p.row is not None]
    found = _letterhead(lines, texts) or _signature(lines, texts) or _named(texts, fields) or {}
    dated = next((m for t in texts[:12] for m in [_PAGE_DATE.search(t)] if m), None)
    if dated and "date" not in found:
        found["date"] = _iso(dated)
    return found


def plan_metadata(
    parsed: ParsedDocument,
    sidecar: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
) -> Plan:
    """County, issuer, document number, date and title, and where each came from.

    The document wins where it states a field; otherwise the plan's sidecar file
    (``NAME.meta.toml``), then the command-line options. ``Plan.metadata_from`` records
    which (``document``, ``sidecar`` or ``option``; ``unknown`` for an issuer that nothing
    states, recorded as :data:`UNKNOWN_ISSUER`).

    Raises
    ------
    InputError
        If no county can be found anywhere.
    """
    doc = parsed.raw
    header = [p.span for p in parsed.header]
    simple = [s.simple for s in header]
    found: dict[str, str] = {}
    issuer_at = next((i for i, t in enumerate(simple) if _ISSUER.match(t)), None)
    if issuer_at is None:
        found |= _issuer_elsewhere(parsed)
    else:
        _issuer(found, header[issuer_at].text, simple[issuer_at])
    number = next(
        (
            s.text[m.start() : m.end()]
            for s, t in zip(header, simple, strict=True)
            for m in [_DOCNO.search(t)]
            if m
        ),
        "",
    )
    if number:
        found["number"] = number
    dates = [m for t in simple for m in [_DATE.search(t)] if m]
    if dates and "date" not in found:
        y, mo, d = dates[-1].groups()
        found["date"] = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    found["title"] = parsed.parts[0].title.text
    values: dict[str, str] = {}
    origin: dict[str, str] = {}
    for key in META_FIELDS:
        for where, source in (
            ("document", found),
            ("sidecar", sidecar or {}),
            ("option", options or {}),
        ):
            if source.get(key):
                values[key], origin[key] = source[key], where
                break
    if not values.get("county"):
        raise InputError(
            f"{doc.name}: no issuing office (…人民政府办公室) found; pass --county and --issuer "
            f'or add {Path(doc.name).stem}.meta.toml with county = "…"'
        )
    if not values.get("issuer"):
        # the county is known (an option or a sidecar) but no issuer is stated anywhere: the
        # plan is complete with its issuer recorded as unknown, and says so
        values["issuer"], origin["issuer"] = UNKNOWN_ISSUER, "unknown"
    return Plan(
        id=plan_id(doc.path, values["county"], values.get("date", "")),
        county=values["county"],
        issuer=values.get("issuer", ""),
        number=values.get("number", ""),
        date=values.get("date", ""),
        title=values.get("title", ""),
        file=doc.name,
        source=Source(doc.name, 0, len(doc.text)),
        metadata_from=origin,
    )
