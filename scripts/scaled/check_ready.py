"""Exit 0 when a readiness URL answers 200, else print its answer and exit 1.

Usage: python scripts/scaled/check_ready.py URL
"""

import sys

import httpx

reply = httpx.get(sys.argv[1], timeout=10)
if reply.status_code != 200:
    sys.exit(f"{sys.argv[1]} -> {reply.status_code} {reply.text}")
