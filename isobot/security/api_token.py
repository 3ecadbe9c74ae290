"""Mint a JWT for Rasa's HTTP API, signed with RASA_JWT_SECRET (HS256, as scripts/run.sh starts Rasa).

Rasa 3.6 reads `user.role` from the token: "admin" may call every route; "user" may call only
the /conversations/<id>/... routes whose <id> equals `user.username`, and no other route
(rasa/server.py, requires_auth). So a patient-side integration gets a "user" token for the one
conversation it serves; staff tooling uses RASA_API_TOKEN or an "admin" token.

A conversation id is namespaced by channel (isobot/channels/conversation_ids.py): `--user u1`
is the REST conversation `rest:u1`; `--channel telegram --user 12345` is `telegram:12345`.

Usage: python -m isobot.security.api_token --user u1 [--channel rest] [--role user|admin] [--hours 1]
The secret comes from the environment, else from $DATA_DIR/secrets/RASA_JWT_SECRET (var/, written by `make run`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import jwt

from isobot import settings
from isobot.channels.conversation_ids import CHANNELS, REST, conversation_id

ALGORITHM = "HS256"
ROLES = ("user", "admin")
SECRET_VARIABLE = "RASA_JWT_SECRET"


def secret() -> str:
    value = os.environ.get(SECRET_VARIABLE, "")
    stored = Path(os.environ.get("DATA_DIR") or settings.DATA_DIR) / "secrets" / SECRET_VARIABLE  # as scripts/env.sh
    if not value and stored.is_file():
        value = stored.read_text().strip()
    if not value:
        raise SystemExit(
            f"{SECRET_VARIABLE} is not set and {stored} does not exist: run `make run` once, "
            f"or export the secret the Rasa server was started with."
        )
    return value


def mint(username: str, role: str = "user", hours: float = 1.0, key: str | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    now = int(time.time())
    payload = {"user": {"username": username, "role": role}, "iat": now, "exp": now + int(hours * 3600)}
    return jwt.encode(payload, key or secret(), algorithm=ALGORITHM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--user", required=True, help="the sender id, on --channel, whose conversation the token may read"
    )
    parser.add_argument("--channel", choices=sorted(CHANNELS), default=REST)
    parser.add_argument("--role", choices=ROLES, default="user")
    parser.add_argument("--hours", type=float, default=1.0, help="lifetime (default 1 hour)")
    args = parser.parse_args()
    conversation = conversation_id(args.channel, args.user)
    print(mint(conversation, args.role, args.hours))
    print(
        f"Use it as: Authorization: Bearer <token>  (role {args.role}"
        f"{', /conversations/' + conversation + '/... only' if args.role == 'user' else ''})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
