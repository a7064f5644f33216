"""The build's per-plan review step: apply the plan's corrections, then assess what was read."""

from __future__ import annotations

from typing import Any

from graphbuild.analyse.assess import assess
from graphbuild.analyse.corrections import apply_corrections, corrections_path, read_corrections
from graphbuild.extract.tree import Extraction
from graphbuild.model import Plan
from graphbuild.parse.document import ParsedDocument
from graphbuild.read.corpus import RawDocument
from graphbuild.read.genre import Genre
from graphbuild.resolve import Resolver

__all__ = ["review_plan"]


def review_plan(
    doc: RawDocument,
    parsed: ParsedDocument,
    plan: Plan,
    ext: Extraction,
    genre: Genre,
    resolver: Resolver,
) -> dict[str, Any]:
    """Apply ``NAME.corrections.csv`` (if any) to ``ext`` in place, add a warning per stale
    correction, and return the document's assessment.

    Raises
    ------
    InputError
        For a corrections file that cannot be read (bad columns, action or role).
    """
    rows = read_corrections(corrections_path(doc.path))
    outcome = apply_corrections(
        ext.tasks,
        ext.sections,
        rows,
        plan_id=plan.id,
        county=plan.county,
        text=doc.text,
        file=doc.name,
        resolver=resolver,
        genre=genre,
    )
    ext.warnings.extend(outcome.stale_lines())
    return assess(
        doc.name,
        doc.text,
        parsed=parsed,
        plan=plan,
        tasks=ext.tasks,
        sections=ext.sections,
        genre=genre,
        corrections=outcome,
    )
