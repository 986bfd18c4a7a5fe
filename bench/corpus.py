"""Synthetic corpora for the benchmark: the bundled plans under new ids and localities.

Plan ``i`` is seed ``i % 5`` moved to another province (and, for the district
plan, another district of Hồ Chí Minh City) with a new document number, so
every plan gets a unique id and the agencies, localities and comparison rows
grow the way a national corpus would. The text is otherwise the real text.
"""
from __future__ import annotations

import re
from pathlib import Path

from generator.localities import all_localities

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "sources"

# (seed file, the locality names it is written for)
SEED_LOCALITIES = {
    "000_1f9688c12b4255d6.txt": ("Quận 11",),
    "001_bfc2791654c92c2f.txt": ("Kon Tum",),
    "002_a66026a08e804a88.txt": ("Hà Nội",),
    "003_982b501de79c1636.txt": ("Hồ Chí Minh",),
    "004_af31f8f783fb3dcc.txt": ("Cần Thơ",),
}
NUMBER_LINE = re.compile(r"^(Số(?: hiệu)?:?\s*)\d+(\s*/)", re.MULTILINE)


def provinces() -> list[str]:
    return [loc.name for loc in all_localities() if loc.is_province]


def hcm_districts() -> list[str]:
    return [loc.name for loc in all_localities() if loc.province == "ho-chi-minh" and loc.name.startswith("Quận")]


def synthetic_text(seed: str, text: str, index: int) -> str:
    """The seed's text moved to the ``index``-th locality, with document number ``1000 + index``."""
    number = 1000 + index
    (original,) = SEED_LOCALITIES[seed]
    if original == "Quận 11":
        districts = hcm_districts()
        replacement = districts[index // len(SEED_LOCALITIES) % len(districts)]
        text = text.replace("Quận 11", replacement).replace("QUẬN 11", replacement.upper())
    else:
        names = [p for p in provinces() if p != original]
        replacement = names[index // len(SEED_LOCALITIES) % len(names)]
        text = text.replace(original, replacement).replace(original.upper(), replacement.upper())
    if NUMBER_LINE.search(text):
        return NUMBER_LINE.sub(lambda m: f"{m[1]}{number}{m[2]}", text)
    # a plan without a number (the party programme) gets one, as real ones do
    return text.replace("CHƯƠNG TRÌNH", f"Số: {number}-CTr/TU\nCHƯƠNG TRÌNH", 1)


def write_corpus(size: int, sources: Path) -> None:
    sources.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEED_LOCALITIES)
    texts = {seed: (SEED_DIR / seed).read_text(encoding="utf-8") for seed in seeds}
    for index in range(size):
        seed = seeds[index % len(seeds)]
        body = texts[seed] if index < len(seeds) else synthetic_text(seed, texts[seed], index)
        (sources / f"{index:05d}_{seed}").write_text(body, encoding="utf-8")
