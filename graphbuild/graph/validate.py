"""SHACL validation of the RDF projection, one plan graph at a time."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graphbuild.graph.rdf import build_graph, load_graph, plan_graphs, to_graph
from graphbuild.graph.schema import ID, PREFIXES, SHAPES_PATH, bind_prefixes, stable_id_of
from graphbuild.graph.triples import Triple
from graphbuild.model import Corpus
from graphbuild.resolve import load_battles

__all__ = [
    "NO_PLAN",
    "ValidationResult",
    "Violation",
    "format_violations",
    "load_shapes",
    "merge_results",
    "validate",
    "validate_graph",
    "validate_ntriples",
    "validate_orphans",
    "validate_triples",
]

#: The key under which records that name no known plan are validated.
NO_PLAN = "(no plan)"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, made readable.

    ``focus`` is the node at fault as ``kind stable-id`` for data IRIs (``task
    shaodong/risk/2.1.3``), ``path`` the property as a prefixed name.
    """

    plan: str
    focus: str
    path: str
    message: str
    severity: str = "Violation"
    value: str = ""


@dataclass
class ValidationResult:
    """What validation found: overall verdict, readable violations and the report graph.

    ``report`` is None where only the verdict and the violations were kept (the build's
    per-plan results, which cross process boundaries and the cache).
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report: Any = None
    seconds: float = 0.0


def load_shapes(path: Path | str | None = None) -> Graph:
    """Parse the SHACL shapes (``ontology/shapes.ttl`` unless ``path`` is given)."""
    return load_graph(Path(path) if path else SHAPES_PATH)


def validate(corpus: Corpus, shapes_path: Path | str | None = None) -> ValidationResult:
    """Validate a corpus with SHACL, one plan graph at a time, without inference.

    Parameters
    ----------
    corpus : Corpus
        The canonical records.
    shapes_path : path, optional
        A SHACL file; ``ontology/shapes.ttl`` by default.

    Returns
    -------
    ValidationResult
        ``conforms`` is true when every plan graph conforms; ``violations`` are sorted by
        plan, focus node and path; ``report`` is the union of the per-plan report graphs.

    Notes
    -----
    Each plan graph holds the shared nodes it touches (battles, agencies, functions), so a
    violation is reported under the plan whose records cause it. Records naming no plan
    of the corpus are validated together under :data:`NO_PLAN`. Inference is not used:
    every node carries the exact class its shape targets.
    """
    shapes = load_shapes(shapes_path)
    battles = load_battles()
    graphs = plan_graphs(corpus, battles)
    orphans = _orphans(corpus)
    if orphans is not None or not graphs:
        graphs[NO_PLAN] = build_graph(orphans or corpus, battles)
    results = [validate_graph(graph, shapes, plan) for plan, graph in graphs.items()]
    return merge_results(results)


_NAMESPACES = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))


@cache
def _default_shapes() -> Graph:
    return load_shapes()


def validate_triples(
    triples: Iterable[Triple], plan: str = "", lines: list[str] | None = None
) -> ValidationResult:
    """Validate one plan's projected triples against ``ontology/shapes.ttl``.

    With pyrudof installed (a compiled validator, about twice as fast and with no rdflib graph
    to build; ``benchmarks/shacl_engines.py`` checks that it gives pyshacl's verdicts on the
    seeds and on broken graphs) the N-Triples ``lines`` are validated by it; otherwise by
    pyshacl. The result keeps the verdict and the violations, not the report graph.
    """
    try:
        import pyrudof  # noqa: F401
    except ImportError:
        result = validate_graph(to_graph(triples), _default_shapes(), plan)
        result.report = None
        return result
    if lines is None:
        from graphbuild.graph.graphfile import nt_lines

        lines = nt_lines(triples)
    return validate_ntriples("".join(f"{x}\n" for x in shape_relevant(lines)), plan)


@cache
def _shape_predicates() -> frozenset[str]:
    """Every IRI the shapes mention, as N-Triples writes it, with rdf:type and
    rdfs:subClassOf (what class constraints read)."""
    iris = {term for triple in _default_shapes() for term in triple if isinstance(term, URIRef)}
    iris |= {RDF.type, RDFS.subClassOf}
    return frozenset(f"<{iri}>" for iri in iris)


def shape_relevant(lines: Iterable[str]) -> list[str]:
    """The N-Triples lines whose predicate the shapes mention.

    The shapes are plain SHACL Core (no closed shapes, no SPARQL constraints), so a triple
    whose predicate no shape mentions cannot change a verdict or a violation; leaving those
    triples out (about a third, long clause texts among them) makes validation faster.
    ``tests/test_shacl_engines.py`` checks the verdicts against pyshacl on whole graphs.
    """
    keep = _shape_predicates()
    return [line for line in lines if line.split(" ", 2)[1] in keep]


def validate_ntriples(text: str, plan: str = "") -> ValidationResult:
    """Validate N-Triples with pyrudof (the Rust validator) against ``ontology/shapes.ttl``."""
    import pyrudof

    start = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_shacl(str(SHAPES_PATH), pyrudof.ShaclFormat.Turtle)
    rudof.read_data(text, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    report = rudof.validate_shacl()
    violations = sorted(
        Violation(
            plan=plan,
            focus=_term_text(v.focus_node),
            path=_term_text(v.path),
            message=_english(v.message)
            or _shape_message(str(v.path).strip("<>"), str(v.constraint_component).strip("<>")),
            severity=str(v.severity or "").strip("<>").rsplit("#", 1)[-1] or "Violation",
            value=_term_text(v.value),
        )
        for v in report.violations
    )
    conforms = bool(report.conforms) and not violations
    return ValidationResult(conforms, violations, None, time.perf_counter() - start)


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(@[A-Za-z-]+)?')


def _english(message: Any) -> str:
    """The ``@en`` message of a pyrudof result (it lists every message of the constraint)."""
    english = [t for t, lang in _QUOTED.findall(str(message or "")) if lang == "@en"]
    return english[0].replace('\\"', '"') if english else ""


@cache
def _shape_messages() -> dict[tuple[str, str], list[str]]:
    """(path, constraint component) → the English ``sh:message`` of the property shapes
    that have them, for a result pyrudof reports without its shape's message."""
    shapes = _default_shapes()
    out: dict[tuple[str, str], list[str]] = {}
    for prop in set(shapes.subjects(SH.path, None)):
        path = shapes.value(prop, SH.path)
        english = [
            m for m in shapes.objects(prop, SH.message) if getattr(m, "language", "") == "en"
        ]
        if not isinstance(path, URIRef) or not english:
            continue
        for parameter in set(shapes.predicates(prop, None)):
            name = str(parameter).rsplit("#", 1)[-1]
            component = f"{SH}{name[:1].upper()}{name[1:]}ConstraintComponent"
            out.setdefault((str(path), component), []).append(str(english[0]))
    return out


def _shape_message(path: str, component: str) -> str:
    found = sorted(set(_shape_messages().get((path, component), [])))
    return found[0] if len(found) == 1 else f"({component.rsplit('#', 1)[-1]} violated)"


def _term_text(term: Any) -> str:
    """A pyrudof term as :func:`_readable` writes an rdflib one."""
    if term is None:
        return ""
    text = str(term)
    if text.startswith("_:"):
        return "(blank node)"
    quoted = _QUOTED.match(text)
    if quoted and text.startswith('"'):
        return quoted.group(1).replace('\\"', '"')
    iri = text.strip("<>")
    if iri.startswith(str(ID)):
        kind, stable = stable_id_of(URIRef(iri))
        return f"{kind} {stable}"
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def validate_orphans(corpus: Corpus) -> list[ValidationResult]:
    """The validation of the records that name no plan of the corpus (usually none)."""
    orphans = _orphans(corpus)
    if orphans is None and corpus.plans:
        return []
    result = validate_graph(build_graph(orphans or corpus), _default_shapes(), NO_PLAN)
    result.report = None
    return [result]


def validate_graph(data: Graph, shapes: Graph | None = None, plan: str = "") -> ValidationResult:
    """Validate one RDF graph against the shapes, without inference.

    Parameters
    ----------
    data : rdflib.Graph
        The data graph; it is not modified.
    shapes : rdflib.Graph, optional
        The shapes graph; :func:`load_shapes` by default.
    plan : str
        The plan the graph belongs to, copied into each violation.
    """
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    start = time.perf_counter()
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    seconds = time.perf_counter() - start
    bind_prefixes(report)
    violations = sorted(
        _violation(report, r, plan) for r in report.subjects(RDF.type, SH.ValidationResult)
    )
    return ValidationResult(bool(conforms), violations, report, seconds)


def format_violations(result: ValidationResult) -> str:
    """A readable listing: one line per violation, grouped by plan.

    The time taken is left out, so that two builds of the same input write the same
    ``shacl_report.txt``.
    """
    if result.conforms and not result.violations:
        return "The graph conforms to the shapes."
    lines = [f"{len(result.violations)} SHACL violation(s):"]
    plan = None
    for v in result.violations:
        if v.plan != plan:
            plan = v.plan
            lines.append(f"{plan or '(graph)'}:")
        value = f" [value: {v.value}]" if v.value else ""
        lines.append(f"  {v.severity}: {v.focus}  {v.path}: {v.message}{value}")
    return "\n".join(lines)


def _orphans(corpus: Corpus) -> Corpus | None:
    """The records that name a plan the corpus does not have, or None."""
    plans = {p.id for p in corpus.plans}
    part = Corpus(
        attachments=[a for a in corpus.attachments if a.plan not in plans],
        sections=[s for s in corpus.sections if s.plan not in plans],
        tasks=[t for t in corpus.tasks if t.plan not in plans],
        working_groups=[g for g in corpus.working_groups if g.plan not in plans],
    )
    if not (part.attachments or part.sections or part.tasks or part.working_groups):
        return None
    part.agencies = list(corpus.agencies)
    part.people = list(corpus.people)
    return part


def merge_results(results: list[ValidationResult]) -> ValidationResult:
    """Combine per-plan results into one (the report graphs too, where they were kept)."""
    report = bind_prefixes(Graph())
    for result in results:
        if result.report is not None:
            report += result.report
    return ValidationResult(
        conforms=all(r.conforms for r in results),
        violations=sorted(v for r in results for v in r.violations),
        report=report,
        seconds=sum(r.seconds for r in results),
    )


def _violation(report: Graph, result: URIRef | BNode, plan: str) -> Violation:
    """Read one ``sh:ValidationResult`` into a :class:`Violation`."""
    messages = list(report.objects(result, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
    message = str((english or messages or ["(no message)"])[0])
    severity = report.value(result, SH.resultSeverity)
    return Violation(
        plan=plan,
        focus=_readable(report, report.value(result, SH.focusNode)),
        path=_readable(report, report.value(result, SH.resultPath)),
        message=message,
        severity=_readable(report, severity).removeprefix("sh:") if severity else "Violation",
        value=_readable(report, report.value(result, SH.value)),
    )


def _readable(graph: Graph, node: object) -> str:
    """A node for people: ``kind stable-id`` for data IRIs, a prefixed name otherwise."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "(blank node)"
    if isinstance(node, URIRef):
        if str(node).startswith(str(ID)):
            kind, stable = stable_id_of(node)
            return f"{kind} {stable}"
        return node.n3(graph.namespace_manager)
    return str(node)
