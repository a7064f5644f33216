"""Extraction: responsibility clauses, tables, people and working groups."""
