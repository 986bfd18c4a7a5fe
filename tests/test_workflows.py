"""The GitHub workflows: actionlint finds nothing, and deployment ships what ``make offline`` makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    actionlint = Path(sys.executable).parent / "actionlint"
    if not actionlint.exists():
        pytest.fail("actionlint is missing: make test installs requirements.txt", pytrace=False)
    result = subprocess.run(
        [str(actionlint), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert WORKFLOWS and result.returncode == 0, result.stdout + result.stderr


def test_deployment_uploads_the_offline_zip(offline_bundle):
    """The zip the workflow's offline job uploads, and the one its site job publishes, is the one
    ``make offline`` makes."""
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for job in deploy["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    made = f"dist/{offline_bundle.name}-offline.zip"
    assert (ROOT / made).is_file()
    assert uploads["offline-bundle"] == made
    assert deploy["jobs"]["site"]["env"]["OFFLINE_BUNDLE"] == made
