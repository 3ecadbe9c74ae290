"""Wait until the Rasa server answers a real message and the action server is up.

Usage: python scripts/wait_ready.py RASA_URL ACTION_URL TIMEOUT_SECONDS
Rasa's "/" says hello before the model is usable, so readiness is a REST round trip. An empty
ACTION_URL waits for Rasa alone (under supervision a missing action server is reported apart).
"""

import sys
import time

import httpx


def ready(rasa_url: str, action_url: str) -> bool:
    try:
        if action_url and httpx.get(f"{action_url}/health", timeout=2).status_code != 200:
            return False
        reply = httpx.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": "readiness-probe", "message": "hello"}, timeout=10
        )
        return reply.status_code == 200 and bool(reply.json())
    except httpx.HTTPError:
        return False


def main() -> None:
    rasa_url, action_url, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready(rasa_url, action_url):
            return
        time.sleep(1)
    sys.exit(f"Not ready after {timeout:.0f} s: see the logs.")


if __name__ == "__main__":
    main()
