"""RDF terms as plain Python values, and their N-Triples form, without an rdflib graph.

The projection (:mod:`graphbuild.graph.triples`) emits triples ``(subject, predicate,
object)`` where subject and predicate are IRIs as ``str`` and the object is either an IRI
(``str``) or a :class:`Lit`. One triple is one N-Triples line (:func:`nt_line`), written
exactly as rdflib's N-Triples serialiser writes it (UTF-8, ``\\``, newline, ``"`` and
carriage return escaped), so ``build/graph.nt`` is byte-identical to what the rdflib graph
gave, at a fraction of the cost.

Examples
--------
>>> nt_line("https://e.org/a", "https://e.org/p", literal('say "hi"'))
'<https://e.org/a> <https://e.org/p> "say \\\\"hi\\\\"" .'
>>> literal(True).nt
'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

__all__ = ["XSD", "Lit", "lang_literal", "literal", "nt_line", "python_value"]

#: The XML Schema datatype namespace.
XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN, _INTEGER, _DOUBLE = XSD + "boolean", XSD + "integer", XSD + "double"
_DECIMAL, _DATE = XSD + "decimal", XSD + "date"


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (or ""), language tag (or "")."""

    lexical: str
    datatype: str = ""
    lang: str = ""

    @property
    def nt(self) -> str:
        """The literal as N-Triples writes it."""
        text = (
            self.lexical.replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace('"', '\\"')
            .replace("\r", "\\r")
        )
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'


def literal(value: Any, datatype: str | None = None) -> Lit:
    """The literal of a Python value, as rdflib makes it.

    A ``bool`` is ``xsd:boolean``, an ``int`` ``xsd:integer``, a ``float`` ``xsd:double``
    unless ``datatype`` says otherwise; a string is plain unless ``datatype`` is given. A
    value that is not a calendar date ``YYYY-MM-DD`` stays a plain string when the datatype
    is ``xsd:date`` (SHACL reports it).
    """
    if datatype:
        datatype = str(datatype)
        if datatype == _DATE and not _is_iso_date(str(value)):
            return Lit(str(value))
        return Lit(_lexical(value), datatype)
    if isinstance(value, bool):
        return Lit("true" if value else "false", _BOOLEAN)
    if isinstance(value, int):
        return Lit(str(value), _INTEGER)
    if isinstance(value, float):
        return Lit(repr(value), _DOUBLE)
    return Lit(str(value))


def lang_literal(text: str, lang: str) -> Lit:
    """A language-tagged string (``"…"@zh``)."""
    return Lit(text, "", lang)


def _lexical(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _is_iso_date(text: str) -> bool:
    """True for a calendar date written YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def python_value(lit: Lit) -> Any:
    """The value a literal stands for, as a property of a Neo4j node or edge.

    Booleans and integers as such, decimals and doubles as ``float`` (Bolt has no
    decimal, and SPARQL answers a float), dates and strings as their text; a lexical
    form its datatype does not allow stays text.
    """
    try:
        if lit.datatype == _BOOLEAN:
            return {"true": True, "false": False, "1": True, "0": False}.get(
                lit.lexical, lit.lexical
            )
        if lit.datatype == _INTEGER:
            return int(lit.lexical)
        if lit.datatype in (_DECIMAL, _DOUBLE):
            return float(lit.lexical)
    except ValueError:
        return lit.lexical
    return lit.lexical


def nt_line(subject: str, predicate: str, obj: str | Lit) -> str:
    """One triple as an N-Triples line (without the newline)."""
    o = obj.nt if isinstance(obj, Lit) else f"<{obj}>"
    return f"<{subject}> <{predicate}> {o} ."
