"""Stage 3d, assignments (phân công). Placeholder until implemented."""
from __future__ import annotations

from generator.context import PlanText
from generator.models import Agency, Assignment


def extract_assignments(text: PlanText) -> tuple[list[Agency], list[Assignment]]:
    return [], []
