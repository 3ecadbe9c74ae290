"""supervisord event listener: say loudly when a service exits or crash-loops, and record it
for the readiness route.

supervisord restarts a service that exits and, when it keeps dying during start-up, retries
with a growing delay and then gives up (FATAL), logging one line in its own log. That is easy
to miss while the other services still answer, so this listener:
- prints each unexpected exit, and a banner when a service is in a crash loop (CRASH_LOOP_EXITS
  exits within CRASH_LOOP_WINDOW seconds, or FATAL), to its stderr, which is the terminal
  (`stderr_logfile=/dev/stderr` in supervisord.conf);
- writes every service's state to SUPERVISION_STATUS_FILE (JSON, replaced atomically), which
  `GET /webhooks/health/ready` reads (isobot/channels/health.py: check `supervision`).
It never restarts anything itself: supervisord does that.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import deque

from supervisor import childutils

CRASH_LOOP_EXITS = 5
# Five minutes, not one: the Rasa server takes ~30 s to load its model, so one that crashes
# after loading can die at most twice a minute and would never count as looping.
CRASH_LOOP_WINDOW = 300.0
# Transitions that mean "the service died": an unexpected exit of a running service, a start
# that failed (BACKOFF) and supervisord giving up (FATAL).
DIED = {"PROCESS_STATE_EXITED", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL"}


class Watch:
    def __init__(self, status_file: str | None, out=sys.stderr) -> None:
        self.status_file = status_file
        self.out = out
        self.states: dict[str, str] = {}
        self.exits: dict[str, deque] = {}
        self.looping: set[str] = set()

    def say(self, text: str) -> None:
        print(f"[supervise {time.strftime('%H:%M:%S')}] {text}", file=self.out, flush=True)

    def recent_exits(self, name: str, now: float) -> int:
        """Unexpected exits within the last CRASH_LOOP_WINDOW seconds."""
        times = self.exits.setdefault(name, deque())
        while times and now - times[0] > CRASH_LOOP_WINDOW:
            times.popleft()
        return len(times)

    def crash_loop(self, name: str, now: float) -> bool:
        return self.states.get(name) == "FATAL" or self.recent_exits(name, now) >= CRASH_LOOP_EXITS

    def on_event(self, event: str, payload: dict[str, str], now: float) -> None:
        if event.startswith("PROCESS_STATE_"):
            name, state = payload.get("processname", "?"), event.removeprefix("PROCESS_STATE_")
            self.states[name] = state
            # Every exit counts, even "expected" ones (exit status 0): these services are meant
            # to run until stopped, and a stop requested through supervisord is STOPPED, not
            # EXITED (rasa_sdk exits 0 when its port is taken).
            if event in DIED:
                self.exits.setdefault(name, deque()).append(now)
                if event == "PROCESS_STATE_EXITED":
                    self.say(
                        f"{name} exited unexpectedly (pid {payload.get('pid', '?')}); restarting it. "
                        "The other services keep running."
                    )
                elif event == "PROCESS_STATE_BACKOFF":
                    self.say(
                        f"{name} exited unexpectedly during start-up; supervisord retries after a back-off. "
                        "The other services keep running."
                    )
        self._report_loops(now)
        self.write_status(now)

    def _report_loops(self, now: float) -> None:
        for name in sorted(self.states):
            if self.crash_loop(name, now) and name not in self.looping:
                self.looping.add(name)
                gave_up = self.states[name] == "FATAL"
                bar = "!" * 78
                self.say(
                    f"CRASH LOOP: {name}\n{bar}\n!! CRASH LOOP: {name} "
                    + (
                        "failed every start and supervisord GAVE UP (FATAL)."
                        if gave_up
                        else f"died {self.recent_exits(name, now)} times in {CRASH_LOOP_WINDOW / 60:.0f} minutes."
                    )
                    + f"\n!! The other services keep serving (red flags still get their escalation)."
                    f"\n!! See {os.environ.get('DATA_DIR', 'var')}/logs/{name}.log; after fixing it: "
                    f'make ctl CMD="start {name}"\n{bar}'
                )
            elif name in self.looping and not self.crash_loop(name, now) and self.states[name] == "RUNNING":
                self.looping.discard(name)
                self.say(f"{name} is running again; the crash loop is over.")

    def write_status(self, now: float) -> None:
        if not self.status_file:
            return
        programs = {
            name: {
                "state": state,
                "recent_exits": self.recent_exits(name, now),
                "crash_loop": self.crash_loop(name, now),
            }
            for name, state in self.states.items()
        }
        temporary = f"{self.status_file}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"updated": now, "programs": programs}, handle)
        os.replace(temporary, self.status_file)


def parse_payload(payload: str) -> dict[str, str]:
    first_line = payload.split("\n", 1)[0]
    return dict(token.split(":", 1) for token in first_line.split() if ":" in token)


def main() -> None:
    watch = Watch(os.environ.get("SUPERVISION_STATUS_FILE"))
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        try:
            watch.on_event(headers.get("eventname", ""), parse_payload(payload), time.time())
        except Exception as error:  # noqa: BLE001 - a listener that dies stops all reporting
            watch.say(f"crash_watch could not handle an event: {type(error).__name__}: {error}")
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
