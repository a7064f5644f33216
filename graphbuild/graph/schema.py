"""The one mapping from model records to ontology terms, data IRIs and Neo4j labels and types.

The RDF projection, the SHACL shapes, the SPARQL catalog and the Neo4j load all read their
vocabulary from here, so the two graphs cannot drift apart.

Conventions
-----------
- A record of kind ``k`` with stable ID ``s`` has the IRI ``https://w3id.org/sixbattles/id/k/s``
  (see :func:`iri`); in Neo4j it is a node labelled ``KINDS[k].neo4j_label`` whose ``id``
  property is ``s``.
- Literal properties are plain strings (no language tag), so an equality test gives the same
  answer in SPARQL and in Cypher. Only SKOS labels and ontology labels carry ``@zh`` / ``@en``.
- Neo4j property names are the model's attribute names (:data:`PROPERTIES` lists them with
  their RDF predicate).
- Qualified relations (responsibility, oversight, alignment) are nodes in RDF and, in Neo4j,
  the edge of their shortcut relation with the qualifiers as edge properties
  (:data:`EDGE_PROPERTIES`). A source span is a node in RDF and the properties ``file``,
  ``start``, ``end`` in Neo4j.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from graphbuild.model import Source
from graphbuild.settings import ONTOLOGY_DIR

__all__ = [
    "BATTLE",
    "EDGE_PROPERTIES",
    "ID",
    "KINDS",
    "ONTOLOGY_DIR",
    "ONTOLOGY_IRI",
    "ONTOLOGY_PATH",
    "PREFIXES",
    "PROPERTIES",
    "RELATIONS",
    "ROLE_IRIS",
    "ROLE_RELATIONS",
    "SB",
    "SHAPES_PATH",
    "SPARQL_PREFIXES",
    "Field",
    "Kind",
    "Relation",
    "bind_prefixes",
    "iri",
    "iri_text",
    "span_iri",
    "stable_id_of",
]

#: The ontology's namespace (classes, properties, role individuals, concept schemes).
SB = Namespace("https://w3id.org/sixbattles/ontology#")
#: The namespace of data IRIs; see :func:`iri`.
ID = Namespace("https://w3id.org/sixbattles/id/")
#: Battle concepts: ``BATTLE.growth`` is ``iri("battle", "growth")``.
BATTLE = Namespace(f"{ID}battle/")
#: The ontology document itself.
ONTOLOGY_IRI = URIRef("https://w3id.org/sixbattles/ontology")


ONTOLOGY_PATH = ONTOLOGY_DIR / "sixbattles.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"

#: Prefixes bound in every graph and declared in every SPARQL query.
PREFIXES: dict[str, Namespace] = {
    "sb": SB,
    "sbid": ID,
    "battle": BATTLE,
    "org": Namespace(str(ORG)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

#: The PREFIX block to put in front of a SPARQL query.
SPARQL_PREFIXES: str = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


@dataclass(frozen=True)
class Kind:
    """A kind of node: its RDF class, its Neo4j label and its id property."""

    key: str
    rdf_class: URIRef
    neo4j_label: str | None
    id_property: str = "id"


@dataclass(frozen=True)
class Field:
    """A literal property: model attribute (= Neo4j property) and RDF predicate.

    ``datatype`` overrides the datatype rdflib infers from the Python value; ``join``
    joins a list into one literal instead of one literal per item; a ``marker`` is
    written only when true.
    """

    attr: str
    predicate: URIRef
    datatype: URIRef | None = None
    join: str | None = None
    #: a flag stated only when true (``sb:corrected``): facts no one corrected say nothing
    marker: bool = False


@dataclass(frozen=True)
class Relation:
    """A relationship between two kinds of node.

    ``subject`` and ``object`` are the kinds at either end of the RDF triple. ``reverse``
    is true when the Neo4j edge runs the other way (``sb:convenor`` goes from a working
    group to a person; ``CONVENES`` from the person to the group).
    """

    key: str
    predicate: URIRef
    neo4j_type: str | None
    subject: tuple[str, ...]
    object: tuple[str, ...]
    reverse: bool = False

    @property
    def neo4j_start(self) -> tuple[str, ...]:
        """Kinds at the start of the Neo4j edge."""
        return self.object if self.reverse else self.subject

    @property
    def neo4j_end(self) -> tuple[str, ...]:
        """Kinds at the end of the Neo4j edge."""
        return self.subject if self.reverse else self.object


def _kinds(*kinds: Kind) -> dict[str, Kind]:
    return {k.key: k for k in kinds}


#: Every kind of node, by key. The key is also the IRI path segment.
KINDS: dict[str, Kind] = _kinds(
    Kind("plan", SB.Plan, "Plan"),
    Kind("attachment", SB.Attachment, "Attachment"),
    Kind("section", SB.Section, "Section"),
    Kind("task", SB.Task, "Task"),
    Kind("target", SB.Target, "Target"),
    Kind("inconsistency", SB.Inconsistency, "Inconsistency"),
    Kind("person", FOAF.Person, "Person"),
    Kind("working_group", SB.WorkingGroup, "WorkingGroup"),
    Kind("agency", SB.Agency, "Agency"),
    Kind("organization", ORG.Organization, "Organization"),
    Kind("post", ORG.Post, "Post"),
    Kind("membership", ORG.Membership, "Membership"),
    Kind("battle", SKOS.Concept, "Battle"),
    Kind("function", SKOS.Concept, "Function"),
    Kind("responsibility", SB.Responsibility, None),
    Kind("oversight", SB.Oversight, None),
    Kind("alignment", SB.Alignment, None),
    Kind("span", SB.SourceSpan, None),
    # the person who corrected a fact (NAME.corrections.csv, the app's Task page)
    Kind("curator", PROV.Person, None),
)

#: What a correction adds to the fact it changed (a task or a responsibility).
_CORRECTED = (
    Field("corrected", SB.corrected, marker=True),
    Field("note", SB.correctionNote),
)

#: Literal properties of each kind of record.
PROPERTIES: dict[str, tuple[Field, ...]] = {
    "plan": (
        Field("title", DCTERMS.title),
        Field("date", DCTERMS.issued, XSD.date),
        Field("number", DCTERMS.identifier),
        Field("county", SB.county),
        Field("file", SB.file),
    ),
    "attachment": (
        Field("title", DCTERMS.title),
        Field("number", SB.number),
        Field("kind", SB.kind),
    ),
    "section": (
        Field("label", SKOS.notation),
        Field("title", DCTERMS.title),
        Field("text", SB.text),
        Field("path", SB.path, join=" / "),
        Field("organisational", SB.organisational),
    ),
    "target": (
        Field("metric", SB.metric),
        Field("metric_key", SB.metricKey),
        Field("value", SB.value, XSD.decimal),
        Field("value_to", SB.valueTo, XSD.decimal),
        Field("unit", SB.unit),
        Field("qualifier", SB.qualifier),
        Field("deadline", SB.deadline),
        Field("matched", SB.text),
        Field("county", SB.county),
    ),
    "inconsistency": (
        Field("metric_key", SB.metricKey),
        Field("county", SB.county),
        Field("compatible", SB.compatible),
        Field("values", SB.text, join=" | "),
    ),
    "alignment": (
        Field("score", SB.score, XSD.decimal),
        Field("kind", SB.kind),
    ),
    "task": (
        Field("label", SKOS.notation),
        Field("title", DCTERMS.title),
        Field("text", SB.text),
        Field("path", SB.path, join=" / "),
        Field("kind", SB.kind),
        Field("county", SB.county),
        *_CORRECTED,
    ),
    "person": (
        Field("name", FOAF.name),
        Field("county", SB.county),
    ),
    "membership": (Field("role", SB.roleText),),
    "working_group": (
        Field("name", RDFS.label),
        Field("county", SB.county),
    ),
    "agency": (
        Field("canonical", SB.canonicalName),
        Field("names", SB.surfaceForm),
        Field("county", SB.county),
        Field("collective", SB.collective),
        Field("resolved", SB.resolved),
    ),
    "responsibility": (
        Field("name", SB.surfaceForm),
        Field("inherited", SB.inherited),
        Field("inferred", SB.inferred),
        *_CORRECTED,
    ),
    "oversight": (Field("role", SB.roleText),),
    "span": (
        Field("file", SB.file),
        Field("start", SB.startOffset),
        Field("end", SB.endOffset),
    ),
}

_DOCUMENT_PARTS = ("attachment", "section", "task", "working_group", "target", "inconsistency")

#: Every relationship, by key.
RELATIONS: dict[str, Relation] = {
    r.key: r
    for r in (
        Relation("leads", SB.leads, "LEADS", ("agency",), ("task",)),
        Relation("responsible_for", SB.responsibleFor, "RESPONSIBLE_FOR", ("agency",), ("task",)),
        Relation("cooperates_on", SB.cooperatesOn, "COOPERATES_ON", ("agency",), ("task",)),
        Relation("in_plan", SB.inPlan, "IN_PLAN", _DOCUMENT_PARTS, ("plan",)),
        Relation(
            "in_attachment", SB.inAttachment, "IN_ATTACHMENT", ("section", "task"), ("attachment",)
        ),
        Relation("in_section", SB.inSection, "IN_SECTION", ("section", "task"), ("section",)),
        Relation("sub_item_of", SB.subItemOf, "SUB_ITEM_OF", ("task",), ("task",)),
        Relation("in_battle", SB.battle, "IN_BATTLE", _DOCUMENT_PARTS, ("battle",)),
        Relation("convenes", SB.convenor, "CONVENES", ("working_group",), ("person", "post"), True),
        Relation(
            "deputy_convenes",
            SB.deputyConvenor,
            "DEPUTY_CONVENES",
            ("working_group",),
            ("person", "post"),
            True,
        ),
        Relation("member_of", SB.memberUnit, "MEMBER_OF", ("working_group",), ("agency",), True),
        Relation("has_office", SB.office, "HAS_OFFICE", ("working_group",), ("agency",)),
        Relation("oversees", SB.oversees, "OVERSEES", ("person",), ("task",)),
        Relation("aligned_with", SB.alignedWith, "ALIGNED_WITH", ("task",), ("task",)),
        # the qualified alignment node's second task (its first is sb:task); the Neo4j edge
        # is ALIGNED_WITH between the two tasks, with the node's score
        Relation("aligned_task", SB.alignedTask, None, ("alignment",), ("task",)),
        Relation("has_target", SB.hasTarget, "HAS_TARGET", ("task", "section"), ("target",)),
        Relation("involves", SB.involves, "INVOLVES", ("inconsistency",), ("target",)),
        Relation("has_function", SB.function, "HAS_FUNCTION", ("agency",), ("function",)),
        Relation("holds", ORG.holds, "HOLDS", ("person",), ("post",)),
        Relation(
            "published_by",
            DCTERMS.publisher,
            "PUBLISHED_BY",
            ("plan",),
            ("working_group", "agency", "organization"),
        ),
        Relation("member", ORG.member, "HAS_MEMBER", ("membership",), ("person",)),
        Relation(
            "membership_in",
            ORG.organization,
            "IN_ORGANIZATION",
            ("membership",),
            ("working_group", "agency", "organization"),
        ),
        Relation("derived_from", PROV.wasDerivedFrom, None, tuple(KINDS), ("span",)),
        Relation(
            "attributed_to", PROV.wasAttributedTo, None, ("task", "responsibility"), ("curator",)
        ),
    )
}

#: The role individual of each model role.
ROLE_IRIS: dict[str, URIRef] = {
    "lead": SB.Lead,
    "responsible": SB.Responsible,
    "cooperate": SB.Cooperate,
}

#: The shortcut relation of each model role (``lead`` → ``LEADS`` / ``sb:leads``).
ROLE_RELATIONS: dict[str, Relation] = {
    "lead": RELATIONS["leads"],
    "responsible": RELATIONS["responsible_for"],
    "cooperate": RELATIONS["cooperates_on"],
}

#: Properties a qualified relation keeps on its Neo4j edge.
EDGE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "responsibility": (
        "name",
        "inherited",
        "inferred",
        "clause",
        "file",
        "start",
        "end",
        "corrected",
        "note",
        "by",
    ),
    "oversight": ("role", "file", "start", "end"),
    "alignment": ("score",),
}


def iri(kind: str, stable_id: str) -> URIRef:
    """The IRI of a record from its kind and stable ID.

    Parameters
    ----------
    kind : str
        A key of :data:`KINDS` (``"task"``, ``"agency"``…); it becomes the first path segment.
    stable_id : str
        The record's stable ID (``shaodong/risk/2.1.3``). ``/`` is kept; everything
        outside ASCII letters, digits and ``-._~`` is percent-encoded as UTF-8, so the IRI
        is also a valid URI and the mapping can be reversed with :func:`stable_id_of`.

    Returns
    -------
    rdflib.URIRef

    Raises
    ------
    ValueError
        If ``kind`` is unknown or ``stable_id`` is empty.

    Examples
    --------
    >>> iri("agency", "shaodong/市发改局")
    rdflib.term.URIRef('https://w3id.org/sixbattles/id/agency/shaodong/%E5%B8%82%E5%8F%91%E6%94%B9%E5%B1%80')
    """
    return URIRef(iri_text(kind, stable_id))


def iri_text(kind: str, stable_id: str) -> str:
    """:func:`iri` as a plain string (what the N-Triples writer and the rows use).

    Raises
    ------
    ValueError
        If ``kind`` is unknown or ``stable_id`` is empty.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if not stable_id:
        raise ValueError(f"a {kind} needs a non-empty stable ID to get an IRI")
    return f"{ID}{kind}/{quote(stable_id, safe='/')}"


def stable_id_of(node: URIRef) -> tuple[str, str]:
    """Reverse :func:`iri`: the (kind, stable ID) of a data IRI.

    Raises
    ------
    ValueError
        If ``node`` is not a data IRI.
    """
    text = str(node)
    if not text.startswith(str(ID)) or "/" not in text[len(ID) :]:
        raise ValueError(f"{text} is not a data IRI under {ID}")
    kind, _, rest = text[len(ID) :].partition("/")
    return kind, unquote(rest)


def span_iri(source: Source) -> URIRef:
    """The IRI of a source span: equal spans share one node."""
    return iri("span", f"{source.file}/{source.start}-{source.end}")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` in ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
