"""Write ``data/registry/map-before-2025.json``: the map before 1 July 2025, from package data.

The 63 provinces and their districts (names and statistics-office codes) come from the
``vietnam-provinces`` 0.6.x wheel, the last release with the old map (its 2025 releases, the one
pinned in requirements.txt, hold today's map; one environment cannot install both). Which of
today's communes hold each old district's land comes from the ``vietnamadminunits`` wheel (MIT),
which maps every old commune to the new commune(s) it went to; its new-commune names are matched
to today's codes in the pinned ``vietnam-provinces``.

Run by ``make old-map``, which downloads both wheels at the versions it pins (the one place they
are pinned: this module reads each version from its wheel's name); the output is committed
and records both sources, their versions and the wheels' SHA-256 beside the data, so extraction
never needs the network. Guarantees of the output: provinces and districts in code order, each
district's ``now_in`` sorted and holding codes of today's communes only; a district the mapping
does not cover keeps an empty ``now_in`` and is named on stderr, never guessed.

Usage: ``python -m generator.oldmap <wheel dir> <output>``.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

import vietnam_provinces

from generator.localities import DISTRICT_KINDS
from generator.textutil import fold

OLD_MAP_PACKAGE = "vietnam-provinces"
COMMUNE_MAPPING_PACKAGE = "vietnamadminunits"


def key(name: str) -> str:
    """The mapping's key for a name: folded, without spaces or punctuation ('Quận Ninh Kiều' -> 'quanninhkieu')."""
    return re.sub(r"[^a-z0-9_]", "", fold(name))


def drop_kind(district_key: str) -> str:
    """A district's key without its kind, for a district that changed kind ('thixaphumy' -> 'phumy');
    a numbered district keeps it ('quan11')."""
    for kind in DISTRICT_KINDS:
        prefix = key(kind)
        if district_key.startswith(prefix) and not district_key[len(prefix):].isdigit():
            return district_key[len(prefix):]
    return district_key


def province_key(name: str) -> str:
    """'Thành phố Hà Nội' -> 'thanhphohanoi', 'An Giang' (today's data omits 'Tỉnh') -> 'tinhangiang'."""
    folded = key(name)
    return folded if folded.startswith(("tinh", "thanhpho")) else "tinh" + folded


def _member(wheel: Path, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(next(name for name in archive.namelist() if name.endswith(suffix)))


def _wheel(folder: Path, package: str) -> tuple[Path, str]:
    """The one wheel of ``package`` in ``folder`` and its version, read from its name."""
    found = sorted(folder.glob(f"{package.replace('-', '_')}-*.whl"))
    if len(found) != 1:
        raise SystemExit(f"{folder}: cần đúng một tệp wheel của {package}, có {len(found)}")
    return found[0], found[0].name.split("-")[1]


def _source(wheel: Path, package: str, version: str, file: str, licence: str | None = None) -> dict:
    """Where a part of the map comes from: package, version, (licence,) file in the wheel, its hash."""
    return {"package": package, "version": version, **({"licence": licence} if licence else {}), "file": file,
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest()}


def district_communes(mapping: dict, today: dict[str, dict]) -> dict[str, set[int]]:
    """For each old district ('<province key>_<district key>'), the codes of today's communes
    its communes went to (all of them when one was divided)."""
    found: dict[str, set[int]] = {}
    for section in ("DICT_PROVINCE_WARD_NO_DIVIDED", "DICT_PROVINCE_WARD_DIVIDED"):
        for province, entries in mapping[section].items():
            codes = {key(ward["name"]): ward["code"] for ward in today[province]["wards"]}
            for new_or_old, value in entries.items():
                pairs = ([(old, new_or_old) for old in value] if section.endswith("NO_DIVIDED")
                         else [(new_or_old, ward["newWardKey"]) for ward in value])
                for old, new in pairs:
                    district = "_".join(key(old).split("_")[:2])
                    code = codes.get(key(new))
                    if code is None:
                        print(f"xã, phường mới không có trong vietnam-provinces: {province} {new}", file=sys.stderr)
                        continue
                    found.setdefault(district, set()).add(code)
    return found


OLD_MAP_FILE = "data/nested-divisions.json"
COMMUNE_MAPPING_FILE = "data/converter_2025.json"


def build(wheels: Path) -> dict:
    (old_wheel, old_version), (mapping_wheel, mapping_version) = (
        _wheel(wheels, OLD_MAP_PACKAGE), _wheel(wheels, COMMUNE_MAPPING_PACKAGE))
    old = json.loads(_member(old_wheel, OLD_MAP_FILE))
    mapping = json.loads(_member(mapping_wheel, COMMUNE_MAPPING_FILE))
    today = {province_key(p["name"]): p
             for p in json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))}
    communes = district_communes(mapping, today)
    by_bare = {}
    for district in communes:
        province, _, name = district.partition("_")
        by_bare.setdefault((province, drop_kind(name)), []).append(district)
    provinces = []
    for province in sorted(old, key=lambda p: p["code"]):
        districts = []
        pkey = key(province["name"])
        for district in sorted(province["districts"], key=lambda d: d["code"]):
            now_in = communes.get(f"{pkey}_{key(district['name'])}")
            if now_in is None:  # renamed kind before the mapping was made: 'Thị xã Phú Mỹ' -> 'Thành phố Phú Mỹ'
                same = by_bare.get((pkey, drop_kind(key(district["name"]))), [])
                now_in = communes[same[0]] if len(same) == 1 else None
            if now_in is None:
                print(f"huyện không có trong bảng chuyển đổi: {province['name']} {district['name']}", file=sys.stderr)
            districts.append({"code": district["code"], "name": district["name"], "now_in": sorted(now_in or ())})
        provinces.append({"code": province["code"], "name": province["name"], "districts": districts})
    return {
        "valid_until": "2025-06-30",
        "source": _source(old_wheel, OLD_MAP_PACKAGE, old_version, OLD_MAP_FILE),
        "now_in_source": {**_source(mapping_wheel, COMMUNE_MAPPING_PACKAGE, mapping_version, COMMUNE_MAPPING_FILE, "MIT"),
                          "codes_of": f"vietnam-provinces {vietnam_provinces.__version__}"},
        "provinces": provinces,
    }


def render(data: dict) -> str:
    """The map as JSON with one district per line, so a change to the data reads as a small diff."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    head = ",\n".join(f" {line(name)}: {line(value)}" for name, value in data.items() if name != "provinces")
    provinces = ",\n".join(
        f'  {{"code": {p["code"]}, "name": {line(p["name"])}, "districts": [\n'
        + ",\n".join(f"   {line(d)}" for d in p["districts"]) + "\n  ]}"
        for p in data["provinces"])
    return f'{{\n{head},\n "provinces": [\n{provinces}\n ]\n}}\n'


def main(argv: list[str]) -> int:
    wheels, output = Path(argv[0]), Path(argv[1])
    output.write_text(render(build(wheels)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
