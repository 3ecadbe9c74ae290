"""`make purge DAYS=30` and `make forget SENDER=<channel>:<id>`: the retention tool.

The deleting itself is isobot/staff/retention.py, which the tracker store also calls for
"forget me"; this module only reads the command line and prints what was deleted.
Cron, nightly at 03:00:  0 3 * * *  cd /path/to/repo && make purge DAYS=30
"""

from __future__ import annotations

import argparse

from isobot.channels.conversation_ids import CHANNELS, channel_of
from isobot.staff import log as staff_log
from isobot.staff.retention import erase_conversation, purge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--days", type=float, help="delete everything older than this many days")
    which.add_argument(
        "--sender",
        help="erase one conversation (an erasure request made by another route): "
        "its id in its channel's namespace, e.g. telegram:12345 or rest:u1",
    )
    args = parser.parse_args()
    if args.sender is not None:
        if channel_of(args.sender) is None:
            # A bare id would match no stored conversation and erase nothing, silently.
            parser.error(
                f"--sender must be <channel>:<id>, with a channel among {', '.join(sorted(CHANNELS))} "
                f"(e.g. twilio:+447700900123, rest:{args.sender})"
            )
        with staff_log.engine().begin() as connection:
            result = erase_conversation(connection, args.sender)
        print(
            f"Erased {result.events} events, {result.escalations} escalation rows and "
            f"{result.feedback} feedback rows of that conversation."
        )
        return
    result = purge(args.days)
    print(
        f"Purged {result.conversations} conversations ({result.events} events), "
        f"{result.escalations} escalation rows and {result.feedback} feedback rows older than {args.days:g} days."
    )


if __name__ == "__main__":
    main()
