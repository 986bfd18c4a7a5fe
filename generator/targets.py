"""Stage 3c, targets (chỉ tiêu). Placeholder until implemented."""
from __future__ import annotations

from generator.context import PlanText
from generator.models import Target


def extract_targets(text: PlanText) -> list[Target]:
    return []
