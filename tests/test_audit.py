"""scripts/audit.py: SECURITY.md's table is the only accepted list; anything else, or a
vulnerability service that could not be asked, fails. pip-audit itself is replaced by a stand-in
that writes the JSON pip-audit writes (the vulnerability service is the edge of the world here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "scripts" / "audit.py"
TABLE = """\
# Security

## Known vulnerabilities

| ID | package | version | why it stays |
|---|---|---|---|
| `GHSA-aaaa-bbbb-cccc` | aiohttp | 3.9.5 | Rasa 3.6.21 pins aiohttp <3.10; we do not use its static file server |

## Known gaps
"""


def vuln(vid: str, aliases=()) -> dict:
    return {"id": vid, "fix_versions": ["9.9.9"], "aliases": list(aliases), "description": "x"}


def fake_pip_audit(tmp_path: Path, report: dict | None) -> Path:
    """Writes `report` to --output like pip-audit (None: dies like pip-audit does offline) and keeps its args."""
    script = tmp_path / "pip-audit"
    script.write_text(
        textwrap.dedent(f"""\
        #!{sys.executable}
        import json, sys
        args = sys.argv[1:]
        open({str(tmp_path / "args.json")!r}, "w").write(json.dumps(args))
        report = {json.dumps(report)!r}
        if report == "null":
            sys.exit("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org'): Max retries exceeded")
        open(args[args.index("--output") + 1], "w").write(report)
        sys.exit(1 if any(d.get("vulns") for d in json.loads(report)["dependencies"]) else 0)
        """)
    )
    script.chmod(0o755)
    return script


def audit(tmp_path: Path, report: dict | None, table: str = TABLE, *extra: str) -> subprocess.CompletedProcess:
    (tmp_path / "SECURITY.md").write_text(table)
    (tmp_path / "frozen.txt").write_text("aiohttp==3.9.5\nrequests==2.31.0\n")
    return subprocess.run(
        [
            sys.executable,
            str(AUDIT),
            str(tmp_path / "frozen.txt"),
            "--security",
            str(tmp_path / "SECURITY.md"),
            "--pip-audit",
            str(fake_pip_audit(tmp_path, report)),
            *extra,
        ],
        capture_output=True,
        text=True,
    )


def passed_ignores(tmp_path: Path) -> list[str]:
    args = json.loads((tmp_path / "args.json").read_text())
    return [args[i + 1] for i, a in enumerate(args) if a == "--ignore-vuln"]


def test_listed_vulnerabilities_are_ignored_and_a_clean_audit_passes(tmp_path):
    result = audit(
        tmp_path,
        {
            "dependencies": [
                {"name": "aiohttp", "version": "3.9.5", "vulns": []},
                {"name": "requests", "version": "2.31.0", "vulns": []},
            ]
        },
    )
    assert result.returncode == 0, result.stderr
    assert passed_ignores(tmp_path) == ["GHSA-aaaa-bbbb-cccc"]
    assert "2 packages, 2 audited, 0 not audited, 0 new vulnerabilities" in result.stdout


def test_a_vulnerability_not_in_the_table_fails_and_names_the_fix(tmp_path):
    result = audit(
        tmp_path,
        {
            "dependencies": [
                {"name": "requests", "version": "2.31.0", "vulns": [vuln("PYSEC-2024-1", ["CVE-2024-35195"])]}
            ]
        },
    )
    assert result.returncode == 1
    assert "NEW PYSEC-2024-1 (CVE-2024-35195) in requests 2.31.0: fixed in 9.9.9" in result.stderr


def test_packages_the_service_could_not_look_up_fail_or_warn(tmp_path):
    report = {
        "dependencies": [
            {"name": "aiohttp", "skip_reason": "Dependency not found on PyPI and could not be audited: aiohttp (3.9.5)"}
        ]
    }
    failed = audit(tmp_path, report)
    assert failed.returncode == 2 and "NOT AUDITED: 1 packages" in failed.stderr
    warned = audit(tmp_path, report, TABLE, "--unreachable", "warn")
    assert warned.returncode == 0 and "WARNING: incomplete" in warned.stdout


def test_an_unreachable_service_fails_with_a_clear_message(tmp_path):
    result = audit(tmp_path, None)
    assert result.returncode == 2
    assert "could not reach the pypi vulnerability service" in result.stderr and "Max retries" in result.stderr


def test_the_osv_service_can_be_chosen_where_pypi_serves_no_vulnerability_data(tmp_path):
    result = audit(
        tmp_path, {"dependencies": [{"name": "aiohttp", "version": "3.9.5", "vulns": []}]}, TABLE, "--service", "osv"
    )
    assert result.returncode == 0, result.stderr
    args = json.loads((tmp_path / "args.json").read_text())
    assert args[args.index("--vulnerability-service") + 1] == "osv"
    unreachable = audit(tmp_path, None, TABLE, "--service", "osv")
    assert unreachable.returncode == 2 and "api.osv.dev" in unreachable.stderr


@pytest.mark.parametrize(
    "row, problem",
    [
        ("| `GHSA-aaaa-bbbb-cccc` | aiohttp | 3.9.5 | |", "needs ID, package, version and a reason"),
        ("| aiohttp-bad | aiohttp | 3.9.5 | old |", "is not a PYSEC-, GHSA-, CVE- or OSV- ID"),
    ],
)
def test_a_row_without_a_reason_or_a_real_id_fails(tmp_path, row, problem):
    table = TABLE.replace(
        "| `GHSA-aaaa-bbbb-cccc` | aiohttp | 3.9.5 | Rasa 3.6.21 pins aiohttp <3.10; we do not use "
        "its static file server |",
        row,
    )
    result = audit(tmp_path, {"dependencies": []}, table)
    assert result.returncode == 1 and problem in result.stderr


def test_the_projects_security_md_table_parses():
    spec = importlib.util.spec_from_file_location("audit_script", AUDIT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ids = module.accepted_ids(ROOT / "SECURITY.md")
    assert all(i.startswith(("PYSEC-", "GHSA-", "CVE-", "OSV-")) for i in ids)
