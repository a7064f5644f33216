"""Steps of ``graphbuild build`` beyond extraction: RDF graph and SHACL validation."""

from __future__ import annotations

import argparse
import sys

from graphbuild.model import Corpus

__all__ = ["validate_into"]


def validate_into(corpus: Corpus, files: dict[str, str], args: argparse.Namespace) -> int:
    """Validate the RDF graph per plan; add the report to ``files``; 1 if it does not conform."""
    from graphbuild.validate import format_violations, validate

    result = validate(corpus)
    files["shacl_report.txt"] = format_violations(result)
    if not result.conforms:
        print(
            f"error: the RDF graph does not conform to ontology/shapes.ttl:\n"
            f"{format_violations(result)}",
            file=sys.stderr,
        )
        return 1
    return 0
