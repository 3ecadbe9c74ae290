"""Run pip-audit over a frozen requirements file and judge the result against SECURITY.md.

SECURITY.md's "Known vulnerabilities" table is the only list of accepted vulnerabilities: each
row's ID is passed to pip-audit as --ignore-vuln (it matches aliases too). Anything else that
pip-audit reports fails the audit. So does a vulnerability service that does not answer, unless
--unreachable=warn: a package that could not be looked up was not audited, and silence is not a pass.

The vulnerability data comes from PyPI's per-version JSON API (--service pypi, the default) or
from OSV (--service osv, https://api.osv.dev), for networks that reach one but not the other.

Usage: python scripts/audit.py FROZEN_REQUIREMENTS [--security SECURITY.md] [--unreachable fail|warn]
                               [--service pypi|osv]
Exit status: 0 passed, 1 new vulnerabilities (or a malformed table), 2 the service could not be asked.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADING = "## Known vulnerabilities"
ID = re.compile(r"^(PYSEC-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3}|CVE-\d{4}-\d+|OSV-\d{4}-\d+)$")
UNREACHABLE, NEW_VULNERABILITIES = 2, 1
SERVICES = {"pypi": "https://pypi.org/pypi/<name>/<version>/json", "osv": "https://api.osv.dev/v1/query"}


class TableError(ValueError):
    pass


def accepted_ids(security_md: Path) -> list[str]:
    """IDs in the table under HEADING: | ID | package | version | why |. Every row needs a reason."""
    lines = security_md.read_text().splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(HEADING))
    except StopIteration:
        raise TableError(f"{security_md}: no '{HEADING}' section") from None
    ids, in_table = [], False
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            if in_table:
                break
            continue
        cells = [c.strip().strip("`").strip() for c in line.strip().strip("|").split("|")]
        if not in_table or set(cells[0]) <= set("-: "):  # header row, then the |---| row
            in_table = True
            continue
        if len(cells) != 4 or not all(cells):
            raise TableError(f"{security_md}:{number}: a row needs ID, package, version and a reason")
        if not ID.match(cells[0]):
            raise TableError(f"{security_md}:{number}: '{cells[0]}' is not a PYSEC-, GHSA-, CVE- or OSV- ID")
        ids.append(cells[0])
    return ids


def run_pip_audit(
    pip_audit: str, frozen: Path, ignore: list[str], out: Path, service: str = "pypi"
) -> subprocess.CompletedProcess:
    command = [
        pip_audit,
        "-r",
        str(frozen),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--output",
        str(out),
        "--vulnerability-service",
        service,
    ]
    for vuln in ignore:
        command += ["--ignore-vuln", vuln]
    return subprocess.run(command, capture_output=True, text=True)


def judge(report: dict, unreachable: str, service: str = "pypi") -> tuple[int, list[str]]:
    lines, status = [], 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    audited = len(dependencies) - len(skipped)
    lines.append(
        f"{len(dependencies)} packages, {audited} audited, {len(skipped)} not audited, {len(found)} new vulnerabilities"
    )
    for dependency, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
        aliases = ", ".join(vuln.get("aliases") or [])
        lines.append(
            f"  NEW {vuln['id']} ({aliases}) in {dependency['name']} {dependency['version']}: fixed in {fixes}"
        )
    if found:
        status = NEW_VULNERABILITIES
        lines.append(
            "Fix each by a pin (constraints.txt, then `make setup`), or add a row with the reason "
            f"to SECURITY.md's '{HEADING}' table."
        )
    if skipped:
        reasons = {d["skip_reason"].split(":")[0] for d in skipped}
        lines.append(
            f"  NOT AUDITED: {len(skipped)} packages ({'; '.join(sorted(reasons))}), e.g. "
            + ", ".join(f"{d['name']}" for d in skipped[:5])
        )
        lines.append(
            f"  The {service} vulnerability service ({SERVICES[service]}) did not answer for them"
            + (
                ": this network's PyPI access may serve only the package index (try --service osv)."
                if service == "pypi"
                else "."
            )
        )
        if unreachable == "fail":
            status = status or UNREACHABLE
    return status, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("frozen", type=Path)
    parser.add_argument("--security", type=Path, default=Path(__file__).resolve().parent.parent / "SECURITY.md")
    parser.add_argument("--pip-audit", default=str(Path(sys.executable).parent / "pip-audit"))
    parser.add_argument("--unreachable", choices=("fail", "warn"), default="fail")
    parser.add_argument("--report", type=Path, help="keep pip-audit's JSON here")
    parser.add_argument(
        "--service", choices=sorted(SERVICES), default="pypi", help="where the vulnerability data comes from"
    )
    args = parser.parse_args()
    try:
        ignore = accepted_ids(args.security)
    except TableError as error:
        print(f"AUDIT FAILED: {error}", file=sys.stderr)
        return NEW_VULNERABILITIES
    out = args.report or Path(tempfile.mkdtemp(prefix="audit-")) / "pip-audit.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    result = run_pip_audit(args.pip_audit, args.frozen, ignore, out, args.service)
    seconds = time.perf_counter() - t0
    if not out.exists():  # pip-audit stopped before writing: it could not ask the service at all
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(
            f"AUDIT {'FAILED' if args.unreachable == 'fail' else 'SKIPPED'}: could not reach the {args.service} "
            f"vulnerability service ({SERVICES[args.service]}): {last}",
            file=sys.stderr,
        )
        return UNREACHABLE if args.unreachable == "fail" else 0
    status, lines = judge(json.loads(out.read_text()), args.unreachable, args.service)
    verdict = {0: "passed", NEW_VULNERABILITIES: "FAILED", UNREACHABLE: "FAILED (not audited)"}[status]
    if status == 0 and "NOT AUDITED" in "".join(lines):
        verdict = "WARNING: incomplete, not failed (--unreachable=warn)"
    print(
        f"pip-audit {verdict} in {seconds:.0f} s; {len(ignore)} known vulnerabilities accepted in "
        f"{args.security.name}.",
        file=sys.stderr if status else sys.stdout,
    )
    for line in lines:
        print(line, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
