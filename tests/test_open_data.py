"""Open data as the built site publishes it: the Frictionless Data Package validated by the
frictionless library, and the JSON API files validated against their published JSON Schema."""
from __future__ import annotations

import csv
import io
import json
import shutil

import jsonschema
import pytest
from frictionless import Package, validate

from generator.site import datapackage, urls
from generator.store import load_plans

API_FILES = {
    urls.API_PLANS: "PlanIndex",
    urls.API_INDICATORS: "IndicatorIndex",
    urls.API_AGENCIES: "AgencyIndex",
    urls.API_DOCUMENTS: "DocumentIndex",
}


@pytest.fixture(scope="module")
def package_path(real_site):
    return real_site.root / urls.DATA_PACKAGE


def test_the_data_package_is_valid_and_describes_every_csv(real_site, package_path):
    report = validate(str(package_path))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    described = {resource["path"] for resource in json.loads(package_path.read_text(encoding="utf-8"))["resources"]}
    published = {str(path.relative_to(package_path.parent)) for path in (real_site.root / urls.DATA).rglob("*.csv")}
    assert described == published


def test_every_column_is_typed_titled_and_described(package_path):
    package = Package(str(package_path))
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert package.version == str(datapackage.SHAPE_VERSION)
    for resource in package.resources:
        for field in resource.schema.fields:
            assert field.title and field.description, f"{resource.name}.{field.name}"
    plans = package.get_resource("ke-hoach")
    assert plans.schema.primary_key == ["plan_id"]
    assert plans.schema.get_field("period_start").type == "year"
    assert package.get_resource("chi-tieu").schema.get_field("value").type == "number"


def test_the_package_catches_a_file_that_breaks_its_schema(real_site, tmp_path):
    """The validation above can fail: a value of the wrong type, or a file that changed after it was
    described, is reported."""
    copy = tmp_path / "du-lieu"
    shutil.copytree(real_site.root / urls.DATA, copy)
    targets = copy / "chi-tieu.csv"
    rows = list(csv.reader(io.StringIO(targets.read_text(encoding="utf-8-sig"))))
    value = rows[0].index("value")
    rows[1][value] = "nhiều"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    targets.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = {error.type for task in report.tasks for error in task.errors}
    assert "type-error" in errors and "hash-count" in errors


def test_plans_table_refers_to_real_plans(real_site):
    """Each target row's plan_id is a plan of ke-hoach.csv (the foreign key the package declares)."""
    read = lambda path: list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))  # noqa: E731
    plan_ids = {row["plan_id"] for row in read(real_site.root / urls.ALL_PLANS_CSV)}
    assert plan_ids == {plan.id for plan in load_plans()}
    assert {row["plan_id"] for row in read(real_site.root / urls.ALL_TARGETS_CSV)} <= plan_ids


@pytest.mark.parametrize("uri", sorted(API_FILES))
def test_api_files_follow_their_published_schema(real_site, uri):
    schema = json.loads((real_site.root / urls.API_SCHEMA).read_text(encoding="utf-8"))
    data = json.loads((real_site.root / uri).read_text(encoding="utf-8"))
    jsonschema.validate(data, {**schema, "$ref": f"#/$defs/{API_FILES[uri]}"})
    assert data["version"] == datapackage.SHAPE_VERSION and data["count"] == len(data["items"]) > 0
    ids = [item["id"] for item in data["items"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for item in data["items"]:
        page = real_site.root / item["url"]
        assert (page / "index.html" if item["url"].endswith("/") else page).is_file(), item["url"]


def test_the_schema_rejects_a_file_of_another_shape(real_site):
    schema = json.loads((real_site.root / urls.API_SCHEMA).read_text(encoding="utf-8"))
    data = json.loads((real_site.root / urls.API_PLANS).read_text(encoding="utf-8"))
    del data["items"][0]["status"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, {**schema, "$ref": "#/$defs/PlanIndex"})


def test_the_plan_index_says_what_each_plan_is(real_site):
    data = json.loads((real_site.root / urls.API_PLANS).read_text(encoding="utf-8"))
    ha_noi = next(item for item in data["items"] if item["id"] == "ha-noi-21-kh-ubnd-2023")
    assert ha_noi["number"] == "21/KH-UBND" and ha_noi["date"] == "2023-01-12"
    assert ha_noi["status"] == {"code": "dang-thuc-hien", "label": "đang thực hiện (2023)"}
    assert (real_site.root / ha_noi["files"]["json"]).is_file() and (real_site.root / ha_noi["files"]["source"]).is_file()
    assert data["as_of"] == "2023-11-14"  # SOURCE_DATE_EPOCH of the test build
