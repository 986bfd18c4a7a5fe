"""The bundled seed plans, read and extracted once per test session."""
from __future__ import annotations

import functools
from pathlib import Path

from generator.context import PlanText
from generator.importers import import_source
from generator.ingest import Document, read_document
from generator.models import Plan
from generator.pipeline import extract_plan, read_plan_text

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
SEEDS = {
    "quan11": "000_1f9688c12b4255d6.txt",
    "kontum": "001_bfc2791654c92c2f.txt",
    "hanoi": "002_a66026a08e804a88.txt",
    "hcm_so": "003_982b501de79c1636.txt",
    "cantho": "004_af31f8f783fb3dcc.txt",
}


def seed_bytes(key: str) -> bytes:
    return (SOURCES / SEEDS[key]).read_bytes()


@functools.cache
def seed_document(key: str) -> Document:
    return read_document(seed_bytes(key).decode("utf-8"), SEEDS[key])


@functools.cache
def seed_plan(key: str) -> Plan:
    return extract_plan(seed_bytes(key), SEEDS[key])


@functools.cache
def seed_text(key: str) -> PlanText:
    return read_plan_text(import_source(seed_bytes(key), SEEDS[key]), SEEDS[key])
