"""Build the canonical model from a folder of plans: read, parse, extract, resolve."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from graphbuild.corpus import InputError, RawDocument, find_documents, read_document
from graphbuild.extract.tree import extract_document
from graphbuild.genre import Genre, load_genre
from graphbuild.model import Agency, Corpus, Plan, Source
from graphbuild.parse import ParsedDocument, parse_document
from graphbuild.resolve import Resolver, load_battles

__all__ = ["build_corpus", "plan_metadata", "county_slug"]

_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUER = re.compile(r"^(.{2,20}?)(人民政府办公室|人民政府办公厅|人民政府)$")


def county_slug(file_name: str, county: str) -> str:
    """A readable ASCII slug for IDs: the file name's first word (``shaodong``)."""
    stem = Path(file_name).stem
    first = re.split(r"[-_.\s]", stem)[0].lower()
    if first and first.isascii() and first.isalnum():
        return first
    ascii_name = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return ascii_name or f"plan{abs(hash(county)) % 10_000}"


def plan_metadata(parsed: ParsedDocument) -> Plan:
    """County, issuer, document number, date and title as the document states them.

    Raises
    ------
    InputError
        If the document names no issuer (人民政府办公室) before its general plan.
    """
    doc = parsed.raw
    header = [p.span for p in parsed.header]
    issuer = next((s for s in header if _ISSUER.match(s.text)), None)
    if issuer is None:
        raise InputError(
            f"{doc.name}: no issuing office (…人民政府办公室) found in the header; "
            "is this a county plan?"
        )
    county = _ISSUER.match(issuer.text).group(1)  # type: ignore[union-attr]
    number = next((m.group(0) for s in header for m in [_DOCNO.search(s.text)] if m), "")
    dates = [m for s in header for m in [_DATE.search(s.text)] if m]
    date = ""
    if dates:
        y, mo, d = dates[-1].groups()
        date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    title = parsed.parts[0].title
    return Plan(
        id=county_slug(doc.name, county),
        county=county,
        issuer=issuer.text,
        number=number,
        date=date,
        title=title.text,
        file=doc.name,
        source=Source(doc.name, 0, len(doc.text)),
    )


def _document(
    doc: RawDocument, genre: Genre, resolver: Resolver, corpus: Corpus, slugs: set[str]
) -> None:
    parsed = parse_document(doc)
    plan = plan_metadata(parsed)
    if plan.id in slugs:
        raise InputError(f"{doc.name}: another file gives the same plan id {plan.id!r}; rename it")
    slugs.add(plan.id)
    ext = extract_document(parsed, plan.id, plan.county, genre, load_battles(), resolver)
    if not ext.tasks:
        raise InputError(f"{doc.name}: no numbered task found; is this a task-division plan?")
    corpus.plans.append(plan)
    corpus.attachments.extend(ext.attachments)
    corpus.sections.extend(ext.sections)
    corpus.tasks.extend(ext.tasks)
    corpus.people.extend(ext.people)
    corpus.working_groups.extend(ext.working_groups)
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
) -> tuple[Corpus, Resolver]:
    """Read every plan in ``folder`` and return the model and the resolver used.

    Raises
    ------
    InputError
        For a missing folder or any unreadable or unusable file (the message names it).
    """
    genre = genre or load_genre()
    resolver = resolver or Resolver.load()
    files = find_documents(folder)
    corpus = Corpus()
    slugs: set[str] = set()
    for path in progress(files) if progress else files:
        _document(read_document(path), genre, resolver, corpus, slugs)
    corpus.agencies = _agencies(corpus, resolver, genre)
    return corpus, resolver
