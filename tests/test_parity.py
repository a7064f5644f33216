"""Every catalog question gives the same answer on the embedded store and on Neo4j.

Each question runs with every combination of the allowed values of its finite parameters
(its ``choices``, and the counties and battles of the build for a county or battle
parameter) and the defaults of the others, over the seed corpus, on both backends.
"""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import itertools
import re

import pytest

from graphbuild.query.catalog import CatalogError, Question, coerce_params, load_catalog
from graphbuild.query.embedded import EmbeddedBackend
from graphbuild.query.neo4j import Neo4jBackend
from graphbuild.query.values import Vocabulary
from graphbuild.settings import QUERIES_DIR
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import loaded, neo4j_conn  # noqa: F401

CATALOG = load_catalog(QUERIES_DIR)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def combinations(question: Question, vocabulary: Vocabulary) -> list[dict]:
    """Every combination of the finite parameters' values (others at their default)."""
    finite = [p for p in question.params if p.allowed(vocabulary) is not None]
    values = itertools.product(*(p.allowed(vocabulary) for p in finite))
    return [
        coerce_params(question, {p.name: v for p, v in zip(finite, combo, strict=True)}, vocabulary)
        for combo in values
    ]


@pytest.fixture(scope="module")
def embedded(build_dir) -> EmbeddedBackend:
    return EmbeddedBackend(build_dir)


@pytest.fixture(scope="module")
def neo4j(loaded, neo4j_settings):
    with Neo4jBackend(neo4j_settings) as backend:
        yield backend


def _answer(backend, question: Question, params: dict):
    try:
        return backend.ask(question, params)
    except CatalogError as exc:  # e.g. agency-path with an agency absent from the county
        return ("CatalogError", str(exc))


def test_every_question_has_a_cypher_body():
    assert CATALOG, "no questions in queries/"
    missing = [q.id for q in CATALOG if not q.cypher]
    assert not missing, f"no query.cypher for {missing}"


@pytest.mark.parametrize("question", CATALOG, ids=[q.id for q in CATALOG])
def test_cypher_uses_only_declared_parameters(question: Question):
    names = {p.name for p in question.params}
    used = set(_PARAM.findall(question.cypher or ""))
    assert used <= names, used - names


@pytest.mark.neo4j
@pytest.mark.parametrize("question", CATALOG, ids=[q.id for q in CATALOG])
def test_same_answer_on_both_backends(question: Question, embedded, neo4j):
    vocabulary = embedded.vocabulary()
    assert vocabulary == neo4j.vocabulary(), "both backends hold the same counties and battles"
    assert len(vocabulary.counties) == 2 and len(vocabulary.battles) == 6
    answered = 0
    for params in combinations(question, vocabulary):
        expected = _answer(embedded, question, params)
        got = _answer(neo4j, question, params)
        assert got == expected, f"{question.id} {params}"
        answered += isinstance(expected, list) and bool(expected)
    assert answered, f"{question.id}: every combination gave no rows; the test proves nothing"
