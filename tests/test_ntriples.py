"""The N-Triples writer writes what rdflib's serialiser writes, without an rdflib graph."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.serializers.nt import _nt_row

from graphbuild.graph.graphfile import ntriples
from graphbuild.graph.rdf import to_graph
from graphbuild.graph.terms import lang_literal, literal, nt_line, python_value
from graphbuild.graph.triples import plan_triples

S, P = "https://w3id.org/sixbattles/id/task/x/%E4%B8%80", "https://e.org/p"

TRICKY = [
    'say "hi"',
    "back\\slash",
    "two\nlines",
    "carriage\rreturn",
    "tab\there",
    "邵东市发改局（牵头）",
    "〔市科工局，市发改局〕\n负责]",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_plain_string_is_written_as_rdflib_writes_it(text: str) -> None:
    expected = _nt_row((URIRef(S), URIRef(P), Literal(text))).rstrip("\n")
    assert nt_line(S, P, literal(text)) == expected


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        (True, None),
        (False, None),
        (0, None),
        (12345, None),
        (0.7332, XSD.decimal),
        (3.0, XSD.decimal),
        (1e-05, XSD.decimal),
        (1e16, XSD.decimal),
        (100, XSD.decimal),
        ("2023-03-01", XSD.date),
        ("2023-02-30", XSD.date),  # not a calendar date: stays a plain string
        ("2023年3月", XSD.date),
    ],
)
def test_a_typed_value_is_written_as_rdflib_writes_it(value: object, datatype: object) -> None:
    if datatype == XSD.date and value in ("2023-02-30", "2023年3月"):
        rdflib_literal = Literal(value)
    else:
        rdflib_literal = Literal(value, datatype=datatype)
    expected = _nt_row((URIRef(S), URIRef(P), rdflib_literal)).rstrip("\n")
    assert nt_line(S, P, literal(value, datatype and str(datatype))) == expected


def test_a_language_tag_and_an_iri_object() -> None:
    expected = _nt_row((URIRef(S), URIRef(P), Literal("增长", lang="zh"))).rstrip("\n")
    assert nt_line(S, P, lang_literal("增长", "zh")) == expected
    assert nt_line(S, P, S) == f"<{S}> <{P}> <{S}> ."


def test_values_for_neo4j_are_what_the_parsed_literal_stands_for() -> None:
    for value, datatype in [(True, None), (7, None), (0.5, XSD.decimal), (100, XSD.decimal)]:
        lit = literal(value, datatype and str(datatype))
        parsed = Literal(lit.lexical, datatype=URIRef(lit.datatype)).toPython()
        assert python_value(lit) == (float(parsed) if datatype else parsed)
    assert python_value(literal("2023-03-01", str(XSD.date))) == date(2023, 3, 1).isoformat()
    assert python_value(literal("abc")) == "abc"


def test_graph_nt_of_the_seeds_is_the_rdflib_serialisation_of_the_same_triples(corpus) -> None:
    text = ntriples(corpus)
    lines = text.splitlines()
    assert lines == sorted(set(lines)) and text.endswith(" .\n")
    expected: set[str] = set()
    for _, triples in plan_triples(corpus):
        serialised = to_graph(triples).serialize(format="nt", encoding="utf-8").decode("utf-8")
        expected.update(line for line in serialised.splitlines() if line.strip())
    assert lines == sorted(expected)
    parsed = Graph().parse(data=text, format="nt")
    assert len(parsed) == len(lines)
    assert isomorphic(parsed, to_graph(t for _, part in plan_triples(corpus) for t in part))
