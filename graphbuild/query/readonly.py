"""The read-only guard for Cypher text: does a query write? (Neo4j enforces it too.)

Saved questions and the app's console run in READ transactions, where the server refuses any
write; this guard says so before a query is sent or saved, in one word (``CREATE``).
"""

from __future__ import annotations

import re

__all__ = ["WRITE", "write_clause"]

WRITE = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH|GRANT|REVOKE|DENY|"
    r"ALTER|RENAME|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)\b|CALL\s*\{[^}]*IN\s+TRANSACTIONS"
    r"|\bCALL\s+(dbms|db\.create|db\.drop|apoc\.(create|merge|refactor|periodic|do|cypher))",
    re.IGNORECASE,
)


def write_clause(query: str) -> str | None:
    """The write clause of a Cypher query (None when it looks read-only).

    Comments and string literals are blanked first, so a word inside a string
    (``WHERE n.name = 'CREATE'``) does not count, and a property access (``n.set``) is no
    clause.

    >>> write_clause("MATCH (n) WHERE n.name = 'CREATE' RETURN n.set")
    >>> write_clause("MATCH (n) DETACH DELETE n")
    'DETACH'
    """
    stripped = re.sub(r"//[^\n]*|/\*.*?\*/", " ", query, flags=re.DOTALL)
    stripped = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", stripped)
    stripped = re.sub(r"\.\s*[A-Za-z_][A-Za-z0-9_]*", ".x", stripped)
    m = WRITE.search(stripped)
    return m.group(0).strip() if m else None
