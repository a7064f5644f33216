"""Your own questions: the user catalog folder and saving a Cypher query as a question.

The user catalog is a folder of questions in the format of ``graphbuild/queries/``
(``<id>/question.toml`` with ``query.cypher`` and/or ``query.rq``): ``--queries DIR``, else
``GRAPHBUILD_QUERIES``, else ``queries/`` in the current folder when it exists.
:func:`save_cypher` writes one such folder from a query typed in ``graphbuild cypher`` or
the app's Cypher console: its ``$name`` parameters are declared, each with the type and
default of the value given for it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graphbuild import settings
from graphbuild.errors import CatalogError
from graphbuild.query.values import Vocabulary

__all__ = ["ID_PATTERN", "cypher_parameters", "infer_type", "save_cypher", "user_dir"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT_OR_STRING = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.S)


def user_dir(given: Path | str | None = None) -> Path | None:
    """The user catalog folder: ``given`` (``--queries``), else the setting (see above).

    Raises
    ------
    CatalogError
        If a folder asked for (flag or $GRAPHBUILD_QUERIES) is not a folder.
    """
    if given:
        path, asked = Path(given), True
    else:
        path, asked = settings.queries_dir()
    if path is None:
        return None
    if not path.is_dir():
        if asked:
            raise CatalogError(
                f"{path}: the questions folder does not exist; create it, or fix --queries / "
                "GRAPHBUILD_QUERIES"
            )
        return None
    return path


def cypher_parameters(text: str) -> list[str]:
    """The ``$name`` parameters of a Cypher query, in order of first use.

    Comments and string literals are skipped, so ``'costs $5'`` is no parameter.

    >>> cypher_parameters("MATCH (t {county: $county}) // $no\\nRETURN $n, '$x', $county")
    ['county', 'n']
    """
    code = _COMMENT_OR_STRING.sub(" ", text)
    return list(dict.fromkeys(_PARAM.findall(code)))


#: Labels of a parameter of a known type (others are labelled with their name).
LABELS = {"county": ("县市", "County"), "battle": ("战役", "Battle")}


def infer_type(value: Any, vocabulary: Vocabulary | None = None) -> str:
    """The catalog type of a parameter value: ``county`` or ``battle`` for a county or battle
    of the build, ``int`` for a whole number, else ``str``.

    >>> v = Vocabulary.of([("shaodong", "邵东市")], ["risk"])
    >>> [infer_type(x, v) for x in ("邵东市", "risk", 5, "5", "市财政局")]
    ['county', 'battle', 'int', 'int', 'str']
    """
    if vocabulary is not None and isinstance(value, str):
        if value in vocabulary.counties:
            return "county"
        if value in vocabulary.battles:
            return "battle"
    if isinstance(value, bool):
        return "str"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return "int"
    return "str"


def _toml_string(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _toml_string(value)


def question_toml(
    qid: str,
    title_zh: str,
    title_en: str,
    params: dict[str, Any],
    description_zh: str = "",
    description_en: str = "",
    columns: list[str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> str:
    """The text of a question.toml for a saved Cypher query."""
    lines = [
        f"id = {_toml_string(qid)}",
        f"title_zh = {_toml_string(title_zh)}",
        f"title_en = {_toml_string(title_en)}",
        f"description_zh = {_toml_string(description_zh)}",
        f"description_en = {_toml_string(description_en)}",
    ]
    if columns:
        lines.append("columns = [" + ", ".join(_toml_string(c) for c in columns) + "]")
    for name, value in params.items():
        kind = infer_type(value, vocabulary)
        if kind == "int" and isinstance(value, str):
            value = int(value)
        lines += ["", "[[params]]", f"name = {_toml_string(name)}", f'type = "{kind}"']
        if value is not None:
            lines.append(f"default = {_toml_value(value)}")
        label_zh, label_en = LABELS.get(kind, (name, name))
        lines += [f"label_zh = {_toml_string(label_zh)}", f"label_en = {_toml_string(label_en)}"]
    return "\n".join(lines) + "\n"


def save_cypher(
    folder: Path,
    qid: str,
    query: str,
    title_zh: str,
    title_en: str,
    params: dict[str, Any] | None = None,
    description_zh: str = "",
    description_en: str = "",
    columns: list[str] | None = None,
    replace: bool = False,
    vocabulary: Vocabulary | None = None,
) -> Path:
    """Write ``folder/qid/`` (question.toml and query.cypher) and return it.

    Every ``$name`` of the query becomes a declared parameter; the value given for it in
    ``params`` sets its type (see :func:`infer_type`; ``vocabulary`` holds the build's
    counties and battles) and its default.

    Raises
    ------
    CatalogError
        For a bad id, a missing title, a parameter given no value, a value given for no
        parameter, or an existing question folder (unless ``replace``).
    """
    params = dict(params or {})
    if not ID_PATTERN.match(qid):
        raise CatalogError(
            f"question id {qid!r}: use lower-case letters, digits and hyphens (my-question)"
        )
    if not title_zh.strip() or not title_en.strip():
        raise CatalogError("give the question a title in both languages: --title-zh and --title-en")
    used = cypher_parameters(query)
    missing = [n for n in used if n not in params]
    if missing:
        raise CatalogError(
            f"the query uses ${missing[0]}; give its value with --param {missing[0]}=VALUE "
            "(it becomes the default)"
        )
    extra = [n for n in params if n not in used]
    if extra:
        raise CatalogError(f"--param {extra[0]} is not used by the query (no ${extra[0]} in it)")
    target = Path(folder) / qid
    if target.exists() and not replace:
        raise CatalogError(f"{target} already exists; choose another id or remove it")
    target.mkdir(parents=True, exist_ok=True)
    (target / "question.toml").write_text(
        question_toml(
            qid,
            title_zh.strip(),
            title_en.strip(),
            {n: params[n] for n in used},
            description_zh,
            description_en,
            columns,
            vocabulary,
        ),
        encoding="utf-8",
    )
    (target / "query.cypher").write_text(query.strip() + "\n", encoding="utf-8")
    return target
