"""Build the canonical model from a folder of plans: read, parse, extract, resolve."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.analyse.review import review_plan
from graphbuild.extract.tree import Extraction, extract_document
from graphbuild.model import Agency, Corpus, Plan, Source
from graphbuild.parse.document import ParsedDocument, parse_document
from graphbuild.read.corpus import InputError, find_documents
from graphbuild.read.genre import Genre, load_genre
from graphbuild.read.hanzi import to_simplified
from graphbuild.read.readers import read_any
from graphbuild.resolve import Resolver, load_battles

__all__ = [
    "PlanResult",
    "assemble",
    "build_corpus",
    "county_slug",
    "extract_plan",
    "plan_metadata",
]

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


def county_slug(file_name: str, county: str) -> str:
    """A readable ASCII slug for IDs: the file name's first word (``shaodong``)."""
    stem = Path(file_name).stem
    first = re.split(r"[-_.\s]", stem)[0].lower()
    if first and first.isascii() and first.isalnum():
        return first
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return ascii_name or f"plan{abs(hash(county)) % 10_000}"


def _sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``NAME.meta.toml`` beside a plan (county, issuer, number, date, title)."""
    side = path.with_name(path.stem + ".meta.toml")
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{side.name}: not valid TOML ({exc}); fix or remove it") from None
    return {k: str(v) for k, v in data.items() if k in _META_FIELDS}


_META_FIELDS = ("county", "issuer", "number", "date", "title")


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
            written = lines[i] if _ISSUER.match(text) else lines[i].split()[-1]
            _issuer(found, written, to_simplified(written))
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
    lines = [p.span.text for p in parsed.lines if p.row is None]
    texts = [to_simplified(t) for t in lines]
    # a page's information table (发布机构 | X区政府(办公室)) is read as rows
    fields = [
        to_simplified(" ".join(c.text for c in p.row))
        for p in parsed.lines[:16]
        if p.row is not None
    ]
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
    which (``document``, ``sidecar`` or ``option``).

    Raises
    ------
    InputError
        If no county can be found anywhere.
    """
    doc = parsed.raw
    header = [p.span for p in parsed.header]
    simple = [to_simplified(s.text) for s in header]
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
    for key in _META_FIELDS:
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
    return Plan(
        id=county_slug(doc.name, values["county"]),
        county=values["county"],
        issuer=values.get("issuer", ""),
        number=values.get("number", ""),
        date=values.get("date", ""),
        title=values.get("title", ""),
        file=doc.name,
        source=Source(doc.name, 0, len(doc.text)),
        metadata_from=origin,
    )


@dataclass
class PlanResult:
    """One file's extraction, as the per-plan cache keeps it.

    ``text`` is the decoded text the offsets index (the comparison step gives targets their
    spans from it, so no file is read twice); ``unresolved`` the names the alias table did
    not cover; ``problem`` the one-line reason when the file could not be used;
    ``assessment`` the review of what was read (kept even for a plan without tasks).
    """

    file: str
    plan: Plan | None = None
    extraction: Extraction | None = None
    text: str = ""
    unresolved: set[tuple[str, str]] = field(default_factory=set)
    problem: str = ""
    input_error: bool = False
    assessment: dict[str, Any] | None = None


def extract_plan(
    path: Path, genre: Genre, resolver: Resolver, options: dict[str, str] | None = None
) -> PlanResult:
    """Read, parse and extract one plan; a file that cannot be used gives its ``problem``.

    The per-plan step of the build: it needs nothing from the other plans, so it runs in a
    worker process and its result is cached.
    """
    before = set(resolver.unresolved)
    resolver.unresolved.clear()
    try:
        doc = read_any(path)
        parsed = parse_document(doc)
        plan = plan_metadata(parsed, _sidecar(doc.path), options)
        ext = extract_document(parsed, plan.id, plan.county, genre, load_battles(), resolver)
        # the per-plan review: the plan's corrections applied, then what was read assessed
        assessment = review_plan(doc, parsed, plan, ext, genre, resolver)
        if not ext.tasks:
            return PlanResult(
                path.name,
                problem=f"{doc.name}: no numbered task found; is this a task-division plan?",
                input_error=True,
                assessment=assessment,
            )
        result = PlanResult(path.name, plan, ext, doc.text, set(resolver.unresolved))
        result.assessment = assessment
        return result
    except InputError as exc:
        return PlanResult(path.name, problem=str(exc), input_error=True)
    except Exception as exc:
        problem = (
            f"{path.name}: could not be read ({type(exc).__name__}: {exc}); please report this file"
        )
        return PlanResult(path.name, problem=problem)
    finally:
        resolver.unresolved.update(before)


def assemble(
    results: Iterable[PlanResult],
    resolver: Resolver,
    genre: Genre,
    *,
    strict: bool = False,
    folder: Path | None = None,
) -> Corpus:
    """The corpus of the plans' results (in file order) and the cross-plan steps.

    Agencies, targets, alignments and inconsistencies need every plan; the rest was made
    per plan. A plan whose ID another file already gave is skipped with its reason.

    Raises
    ------
    InputError
        When no file is usable, or (``strict``) for the first unusable file.
    """
    corpus = Corpus()
    slugs: set[str] = set()
    texts: dict[str, str] = {}
    for result in results:
        problem = result.problem
        if result.plan is not None and result.plan.id in slugs:
            problem = (
                f"{result.file}: another file gives the same plan id {result.plan.id!r}; rename it"
            )
        elif result.assessment is not None:
            corpus.assessments.append(result.assessment)
        if problem:
            if strict:
                raise InputError(problem)
            corpus.skipped.append(problem)
            continue
        plan, ext = result.plan, result.extraction
        assert plan is not None and ext is not None
        slugs.add(plan.id)
        resolver.unresolved.update(result.unresolved)
        texts[plan.file] = result.text
        _add(corpus, plan, ext)
    if not corpus.plans:
        if len(corpus.skipped) == 1:
            raise InputError(corpus.skipped[0])
        raise InputError(
            f"{folder or 'the input folder'}: no usable plan; {len(corpus.skipped)} files "
            "failed: " + " | ".join(corpus.skipped)
        )
    corpus.agencies = _agencies(corpus, resolver, genre)
    from graphbuild.analyse.compare import enrich

    enrich(corpus, folder, texts=texts)
    return corpus


def _add(corpus: Corpus, plan: Plan, ext: Extraction) -> None:
    corpus.plans.append(plan)
    corpus.attachments.extend(ext.attachments)
    corpus.sections.extend(ext.sections)
    corpus.tasks.extend(ext.tasks)
    corpus.people.extend(ext.people)
    corpus.working_groups.extend(ext.working_groups)
    corpus.groups.extend(ext.groups)
    corpus.warnings.extend(ext.warnings)


def _agencies(corpus: Corpus, resolver: Resolver, genre: Genre) -> list[Agency]:
    """One agency per (county, canonical name), with every surface form seen."""
    seen: dict[tuple[str, str], Agency] = {}
    slug = {p.county: p.id for p in corpus.plans}

    def add(county: str, name: str) -> None:
        res = resolver.resolve(county, name)
        key = (county, res.canonical)
        agency = seen.get(key)
        if agency is None:
            agency = Agency(
                id=f"{slug[county]}/agency/{res.canonical}",
                county=county,
                canonical=res.canonical,
                names=[],
                functions=list(res.functions),
                collective=genre.is_collective(name),
                resolved=res.resolved,
            )
            seen[key] = agency
        if name not in agency.names:
            agency.names.append(name)

    for task in corpus.tasks:
        for unit in task.units:
            add(task.county, unit.name)
    for section in corpus.sections:
        county = next(p.county for p in corpus.plans if p.id == section.plan)
        for unit in section.units:
            add(county, unit.name)
    for wg in corpus.working_groups:
        for name in wg.member_units:
            add(wg.county, name)
        if wg.office:
            add(wg.county, wg.office)
    return sorted(seen.values(), key=lambda a: (a.county, a.canonical))


def build_corpus(
    folder: Path,
    *,
    genre: Genre | None = None,
    resolver: Resolver | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    options: dict[str, str] | None = None,
    strict: bool = False,
) -> tuple[Corpus, Resolver]:
    """Read every plan in ``folder`` and return the model and the resolver used.

    The plans are read one after the other in this process; ``graphbuild build`` runs the
    same steps in a process pool with a per-plan cache (:mod:`graphbuild.pipeline`).
    A file that cannot be used is skipped and its one-line reason kept in
    ``corpus.skipped``; with ``strict`` the first such file stops the build.

    Raises
    ------
    InputError
        For a missing folder, when no file is usable, or (``strict``) for any bad file.
    """
    genre = genre or load_genre()
    resolver = resolver or Resolver.load()
    files = find_documents(folder)

    def results() -> Iterator[PlanResult]:
        for path in progress(files) if progress else files:
            result = extract_plan(path, genre, resolver, options)
            if strict and result.problem:
                raise InputError(result.problem)
            yield result

    corpus = assemble(results(), resolver, genre, strict=strict, folder=folder)
    return corpus, resolver
