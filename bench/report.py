"""reports/bench.md and reports/bench.png from the raw figures, with ratios and targets."""

from __future__ import annotations

from pathlib import Path

USERS = ("1", "10", "50")


def _cell(raw: dict, profile: str, users: str) -> dict:
    return raw["cells"][profile][users]["median"]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def targets(raw: dict) -> list[tuple[str, str, bool]]:
    ref10, d10, s10 = (_cell(raw, p, "10") for p in ("reference", "default", "scaled"))
    d1, d50, s50 = _cell(raw, "default", "1"), _cell(raw, "default", "50"), _cell(raw, "scaled", "50")
    rows = [
        (
            "throughput at 10 users ≥ 2× reference (default)",
            _ratio(d10["msg_per_s"], ref10["msg_per_s"]),
            d10["msg_per_s"] >= 2 * ref10["msg_per_s"],
        ),
        (
            "throughput at 10 users ≥ 2× reference (scaled)",
            _ratio(s10["msg_per_s"], ref10["msg_per_s"]),
            s10["msg_per_s"] >= 2 * ref10["msg_per_s"],
        ),
        ("p95 at 10 users ≤ 250 ms (default)", f"{d10['p95_ms']} ms", d10["p95_ms"] <= 250),
        ("p95 at 10 users ≤ 250 ms (scaled)", f"{s10['p95_ms']} ms", s10["p95_ms"] <= 250),
        ("single-user p50 ≤ 50 ms (default)", f"{d1['p50_ms']} ms", d1["p50_ms"] <= 50),
        (
            "scaled ≥ 1.8× default at 50 users",
            _ratio(s50["msg_per_s"], d50["msg_per_s"]),
            s50["msg_per_s"] >= 1.8 * d50["msg_per_s"],
        ),
    ]
    if "training_s" in raw:
        rows.append(("training from scratch ≤ 3 min", f"{raw['training_s']} s", raw["training_s"] <= 180))
    peak = max(
        m["peak_rss_mb"] for p in ("default", "scaled") for k, m in raw["memory_mb"][p].items() if k.startswith("rasa")
    )
    rows.append(("RSS ≤ 1.5 GB per Rasa process (peak)", f"{peak:.0f} MB", peak <= 1536))
    long = raw["long_conversation"]["default"]
    rows.append(
        (
            "messages 41-50 within 20% of messages 1-10 (default)",
            f"{long['messages_1_10_ms']} → {long['messages_41_50_ms']} ms",
            long["messages_41_50_ms"] <= 1.2 * long["messages_1_10_ms"],
        )
    )
    return rows


def write(raw: dict, out: Path) -> None:
    lines = [
        "# Benchmark",
        "",
        f"Machine: {raw['machine']['cpus']} CPUs, Python {raw['machine']['python']}, kernel "
        f"{raw['machine']['kernel']}. Rounds: {raw['rounds']} (profiles alternated, median per cell). "
        f"Lever env: `{raw['levers_env'] or 'none'}`.",
        "",
        *([f"Note: {raw['note']}.", ""] if raw.get("note") else []),
        "Each simulated user is its own conversation (REST), sending its next message when the "
        "answer arrives. 1 user: 30 messages; 10 users: 3 conversations of 10 messages each, "
        "one after another; 50 users: 10 messages each.",
        "",
        "## Latency and throughput",
        "",
        "| profile | users | p50 ms | p95 ms | p99 ms | msg/s | errors | msg/s vs ref | p50 vs ref |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for profile in ("default", "scaled", "reference"):
        for users in USERS:
            c, ref = _cell(raw, profile, users), _cell(raw, "reference", users)
            lines.append(
                f"| {profile} | {users} | {c['p50_ms']} | {c['p95_ms']} | {c['p99_ms']} | "
                f"{c['msg_per_s']} | {c['errors']} | {_ratio(c['msg_per_s'], ref['msg_per_s'])} | "
                f"{_ratio(c['p50_ms'], ref['p50_ms'])} |"
            )
    lines += [
        "",
        "## Other figures",
        "",
        f"- Training from scratch (fresh cache, fresh --out): {raw.get('training_s', 'skipped')} s; "
        f"reference `rasa init` (incl. training): {raw['reference_training_s']} s",
        "- Start-up to first answer: " + ", ".join(f"{k} {v} s" for k, v in raw["startup_s"].items()),
        "- Mean latency of messages 1–10 vs 41–50 of one 50-message conversation (same ten messages): "
        + ", ".join(
            f"{k} {v['messages_1_10_ms']} → {v['messages_41_50_ms']} ms" for k, v in raw["long_conversation"].items()
        ),
        "",
        "| profile | process | RSS MB | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for profile, processes in raw["memory_mb"].items():
        for name, m in processes.items():
            lines.append(f"| {profile} | {name} | {m['rss_mb']} | {m['peak_rss_mb']} |")
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {v} | {'yes' if ok else '**no**'} |" for t, v, ok in targets(raw)]
    (out / "bench.md").write_text("\n".join(lines) + "\n")
    _plot(raw, out / "bench.png")


def _plot(raw: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    users = [int(u) for u in USERS]
    for profile in ("default", "scaled", "reference"):
        cells = [_cell(raw, profile, u) for u in USERS]
        latency.plot(users, [c["p50_ms"] for c in cells], marker="o", label=f"{profile} p50")
        latency.plot(users, [c["p95_ms"] for c in cells], marker="x", linestyle="--", label=f"{profile} p95")
        throughput.plot(users, [c["msg_per_s"] for c in cells], marker="o", label=profile)
    latency.set(xscale="log", yscale="log", xlabel="concurrent users", ylabel="latency (ms)", title="Latency")
    throughput.set(xscale="log", xlabel="concurrent users", ylabel="messages / s", title="Throughput")
    for axis in (latency, throughput):
        axis.set_xticks(users, [str(u) for u in users])
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
