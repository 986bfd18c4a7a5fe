"""Stage 3e, reporting deadlines. Placeholder until implemented."""
from __future__ import annotations

from generator.context import PlanText
from generator.models import Agency, Deadline


def extract_deadlines(text: PlanText, agencies: list[Agency]) -> list[Deadline]:
    return []
