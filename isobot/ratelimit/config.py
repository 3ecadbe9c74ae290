"""What the rate limits are, from the environment, and which address a request counts against.

Limits (read once at start-up; 0 turns a limit off):

| variable | default | why |
|---|---|---|
| RATE_LIMIT_CONVERSATION_BURST | 8 | a patient types at most ~1 message a second, and only for a few messages |
| RATE_LIMIT_CONVERSATION_PER_MINUTE | 20 | then reads the answers: a sustained 1 message every 3 s is already fast |
| RATE_LIMIT_IP_BURST | 40 | a clinic's patients may share one NAT address |
| RATE_LIMIT_IP_PER_MINUTE | 120 | ~30 people chatting at a normal pace behind one address, yet one address |
|   |   | gets at most a quarter of a Rasa process |
| RATE_LIMIT_MAX_KEYS | 50000 | keys kept per limit (~10 MB); beyond that the least recently used go first |

The client address is the direct peer, unless that peer is loopback: web/server.py (the
widget's proxy) and the scaled profile's nginx run on this host and put the browser's address
last in X-Forwarded-For, so then the last entry counts. From any other peer the header is
ignored, since anyone can write it. IPv6 addresses are limited per /64, the block one
subscriber usually holds. A proxy on another host would make every patient one address: turn
the address limit off (RATE_LIMIT_IP_BURST=0) and limit at that proxy instead (docs/channels.md).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping

IPV6_PREFIX = 64
DEFAULTS = {
    "RATE_LIMIT_CONVERSATION_BURST": 8,
    "RATE_LIMIT_CONVERSATION_PER_MINUTE": 20,
    "RATE_LIMIT_IP_BURST": 40,
    "RATE_LIMIT_IP_PER_MINUTE": 120,
    "RATE_LIMIT_MAX_KEYS": 50_000,
}


def limits_from_env(environ: Mapping[str, str]) -> dict[str, float]:
    """Every limit's value, failing with the variable's name on a bad one (at start-up)."""
    values: dict[str, float] = {}
    for name, default in DEFAULTS.items():
        raw = environ.get(name, "").strip()
        try:
            value = float(raw) if raw else float(default)
        except ValueError:
            raise ValueError(f"{name} must be a number, not {raw!r}") from None
        if value < 0 or not math.isfinite(value):
            raise ValueError(f"{name} must be 0 (off) or more, not {raw!r}")
        if not name.endswith("_PER_MINUTE") and not value.is_integer():
            raise ValueError(f"{name} must be a whole number, not {raw!r}")
        values[name] = value
    if values["RATE_LIMIT_MAX_KEYS"] < 1:
        raise ValueError("RATE_LIMIT_MAX_KEYS must be at least 1")
    return values


def _ip(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def client_ip(peer: str | None, forwarded_for: str | None) -> str | None:
    """The client's address: the peer's, or, when the peer is our own proxy on loopback, the
    last X-Forwarded-For entry (the one that proxy wrote)."""
    direct = _ip(peer)
    if direct is not None and direct.is_loopback and forwarded_for:
        forwarded = _ip(forwarded_for.split(",")[-1])
        if forwarded is not None:
            return str(forwarded)
    return str(direct) if direct is not None else (peer or None)


def address_key(address: str | None) -> str | None:
    ip = _ip(address)
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip) if ip is not None else address
