"""Percentiles and throughput from a load run."""

from __future__ import annotations

import statistics

from bench.load import LoadResult


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(result: LoadResult) -> dict[str, float]:
    latencies = result.latencies()
    return {
        "messages": len(result.messages),
        "errors": len(result.failures),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "msg_per_s": round(len(latencies) / result.wall_seconds, 1) if result.wall_seconds else 0.0,
    }


def merge(rounds: list[dict]) -> dict[str, float]:
    """Rounds of one cell, alternated with the other profiles: median of each figure."""
    out = {}
    for key in rounds[0]:
        values = [r[key] for r in rounds]
        out[key] = sum(values) if key in ("messages", "errors") else round(statistics.median(values), 2)
    return out
