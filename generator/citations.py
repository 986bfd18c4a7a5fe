"""Stage 3f, cited documents (văn bản dẫn chiếu). Placeholder until implemented."""
from __future__ import annotations

from generator.context import PlanText
from generator.models import Citation, CitedDocument


def extract_citations(text: PlanText) -> tuple[list[CitedDocument], list[Citation]]:
    return [], []
