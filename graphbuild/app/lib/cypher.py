"""The read-only guard of the Cypher console (the server enforces a READ transaction too)."""

from __future__ import annotations

import re

WRITE = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH|GRANT|REVOKE|DENY|"
    r"ALTER|RENAME|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)\b|CALL\s*\{[^}]*IN\s+TRANSACTIONS"
    r"|\bCALL\s+(dbms|db\.create|db\.drop|apoc\.(create|merge|refactor|periodic|do|cypher))",
    re.IGNORECASE,
)


def refusal(query: str) -> str | None:
    """Why a query is refused (None when it looks read-only).

    Comments and string literals are blanked first, so a word inside a string
    (``WHERE n.name = 'CREATE'``) does not count.
    """
    stripped = re.sub(r"//[^\n]*|/\*.*?\*/", " ", query, flags=re.DOTALL)
    stripped = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", stripped)
    m = WRITE.search(stripped)
    return m.group(0).strip() if m else None
