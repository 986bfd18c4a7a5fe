"""What the extraction stages read: one plan's text after ingest and structure."""
from __future__ import annotations

from dataclasses import dataclass

from generator.models import Block, Clause, Footnote, Metadata, Table


@dataclass(frozen=True)
class PlanText:
    """A plan's structured text, the input of every extractor in stage 3.

    Extractors are pure functions of this object (and the curated registries):
    they never read files of their own, so the same text always gives the same
    records.
    """

    plan_id: str
    file: str
    metadata: Metadata
    preamble: list[Block]
    clauses: list[Clause]
    footnotes: list[Footnote]
    tables: list[Table]
