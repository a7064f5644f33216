"""The catalog in the forms Neo4j's own tools keep queries in.

* :func:`cypher_script` — one ``.cypher`` script: per question, ``//`` comment lines (id,
  titles, description, parameters and their allowed values), a ``:param name => value;``
  line per parameter with its default, and the Cypher body ending in ``;``. Neo4j Browser
  runs it as a multi-statement script and keeps it as a saved (favourite) script when
  imported; Workspace's Query tool imports it as saved Cypher.
* :func:`search_phrases` — a Bloom-style list of search phrases: the phrase (the title, with
  ``$name`` placeholders for the parameters), its description and the Cypher behind it.
"""

from __future__ import annotations

import json
from typing import Any

from graphbuild.query.catalog import Question
from graphbuild.query.values import Vocabulary

__all__ = ["cypher_script", "param_literal", "search_phrases"]


def param_literal(value: Any) -> str:
    """A Cypher literal for a ``:param`` line (strings single-quoted and escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(param_literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _comment(text: str) -> list[str]:
    return [f"// {line}".rstrip() for line in text.splitlines() if line.strip()]


def _body(text: str) -> str:
    body = text.strip()
    while body.endswith(";"):
        body = body[:-1].rstrip()
    return body


def cypher_script(questions: list[Question], vocabulary: Vocabulary | None = None) -> str:
    """The questions that have a Cypher body, as one ``.cypher`` script (see module notes)."""
    out = [
        "// graphbuild question catalog: one saved query per question.",
        "// Run in Neo4j Browser (multi-statement) or import it as saved Cypher; each",
        "// :param line sets a parameter to its default before the query that uses it.",
        "",
    ]
    for q in questions:
        if not q.cypher:
            continue
        out += [f"// {q.id}: {q.title_zh} / {q.title_en}"]
        out += _comment(q.description_zh) + _comment(q.description_en)
        for p in q.params:
            allowed = p.allowed(vocabulary)
            values = f"; allowed: {', '.join(str(v) for v in allowed)}" if allowed else ""
            out.append(f"// ${p.name} ({p.type}, default {p.default!r}){values}")
        for p in q.params:
            out.append(f":param {p.name} => {param_literal(p.default)};")
        out += [_body(q.cypher) + ";", ""]
    return "\n".join(out)


def search_phrases(questions: list[Question]) -> str:
    """A Bloom-style list of search phrases for the questions with a Cypher body, as JSON."""
    phrases = []
    for q in questions:
        if not q.cypher:
            continue
        suffix = " ".join(f"${p.name}" for p in q.params)
        phrases.append(
            {
                "id": q.id,
                "phrase": f"{q.title_zh} {suffix}".strip(),
                "phrase_en": f"{q.title_en} {suffix}".strip(),
                "description": q.description_en or q.description_zh,
                "cypher": _body(q.cypher),
                "parameters": [
                    {"name": p.name, "type": p.type, "default": p.default} for p in q.params
                ],
            }
        )
    return json.dumps({"searchPhrases": phrases}, ensure_ascii=False, indent=2) + "\n"
