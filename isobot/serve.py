"""Start the Rasa server the one way every profile starts it, with no secret on the command line.

Usage: python -m isobot.serve --model MODEL [--port 5005] [--interface 127.0.0.1] [other `rasa run` options]

`rasa run` takes its API token and JWT secret only as `--auth-token` / `--jwt-secret`, which
any local user can read in /proc/<pid>/cmdline (and `ps`). Here they come from the
environment (RASA_API_TOKEN, RASA_JWT_SECRET) or, when unset there, from
$DATA_DIR/secrets/<NAME> (written once by `make run`), and are handed to Rasa's own CLI
entry point after its parser has read the command line: everything else, from logging to
the server set-up (rasa.cli.run -> rasa.api.run -> rasa.core.run.serve_application), is
Rasa's. The options every profile shares (credentials, endpoints, API on, JWT method, CORS)
live here and nowhere else; callers add the model, the port and the interface.

It is also the one start-up hook every profile runs (isobot/rasa_patches/startup.py): the Rasa
patches are installed in this process before Rasa builds its server, and the readiness route,
the edge limits and the agent's guards are handed to Rasa's `serve_application` as its
`server_listeners`, so none of them depends on which channels credentials.yml lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from isobot import settings

TOKEN_VARIABLE = "RASA_API_TOKEN"
JWT_VARIABLE = "RASA_JWT_SECRET"
JWT_METHOD = "HS256"


def secret(name: str) -> str:
    """The secret from the environment, else from $DATA_DIR/secrets/NAME; exit naming both if neither
    has it (the HTTP API is never started open)."""
    value = os.environ.get(name, "").strip()
    stored = Path(os.environ.get("DATA_DIR") or settings.DATA_DIR) / "secrets" / name
    if not value and stored.is_file():
        value = stored.read_text().strip()
    if not value:
        raise SystemExit(f"{name} is not set and {stored} does not exist: run `make run` once, or export it.")
    return value


def shared_arguments() -> list[str]:
    """`rasa run` options every profile uses (secrets excepted): one place to change them."""
    cors = os.environ.get("CORS_ORIGINS") or f"http://localhost:{os.environ.get('WEB_PORT', '8080')}"
    return [
        "--credentials",
        "credentials.yml",
        "--endpoints",
        "endpoints.yml",
        "--enable-api",
        "--jwt-method",
        JWT_METHOD,
        "--cors",
        cors,
    ]


def rasa_argv(arguments: list[str]) -> list[str]:
    """The command line Rasa's parser reads: no secret in it, whatever the caller passed, and no
    model that is not there. `rasa run --model <missing file>` logs at debug level and serves the
    newest model in models/ instead (rasa.cli.run._validate_model_path): an evaluation naming an
    older model then silently measured the newest one (docs/rasa_patches.md)."""
    for index, argument in enumerate(arguments):
        option, _, value = argument.partition("=")
        if option in ("--auth-token", "-t", "--jwt-secret"):
            raise SystemExit(f"{option} is read from the environment or var/secrets/, never from the command line.")
        if option in ("--model", "-m"):
            model = value or (arguments[index + 1] if index + 1 < len(arguments) else "")
            if not Path(model).exists():
                raise SystemExit(f"model {model!r} not found: Rasa would serve another one instead.")
    return ["run", *shared_arguments(), *arguments]


Parser = argparse.ArgumentParser


def _with_secrets(
    create_parser: Callable[[], Parser],
    token: str,
    jwt_secret: str,
    server_listeners: list[tuple[Callable[..., Any], str]] | None = None,
) -> Callable[[], Parser]:
    """Rasa's argument parser, whose parsed result also carries the secrets (and the start-up
    hook's listeners, which `rasa run` passes on to serve_application)."""

    def create() -> Parser:
        parser = create_parser()
        parse = parser.parse_args

        def parse_args(
            args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
        ) -> argparse.Namespace:
            parsed = parse(args, namespace)
            parsed.auth_token, parsed.jwt_secret = token, jwt_secret
            if server_listeners is not None:
                parsed.server_listeners = server_listeners
            return parsed

        # Only this parser's parse_args (typeshed's overloads cannot be restated in one def).
        parser.parse_args = parse_args  # type: ignore[method-assign, assignment]
        return parser

    return create


def log_content_review(today: dt.date | None = None) -> int:
    """Overdue reviews, loudly, in the log a maintainer reads first: the Rasa server's. The entries
    are still served (content_governance.py says why)."""
    from isobot.content.catalogue import load_catalogue
    from isobot.content.governance import log_overdue

    # Its own handler: Rasa configures the root logger later, and a root handler here would double Rasa's lines.
    content_logger = logging.getLogger("isobot.content")
    if not content_logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        content_logger.addHandler(handler)
        content_logger.propagate = False
    return log_overdue(load_catalogue(settings.ANSWERS, settings.ESCALATIONS, settings.ARTICLE), today)


def main() -> None:
    token, jwt_secret = secret(TOKEN_VARIABLE), secret(JWT_VARIABLE)
    log_content_review()
    import rasa.__main__ as rasa_main  # after the checks: importing Rasa takes seconds

    from isobot.rasa_patches import startup

    startup.install()
    rasa_main.create_argument_parser = _with_secrets(
        rasa_main.create_argument_parser, token, jwt_secret, startup.server_listeners()
    )
    sys.argv = ["rasa", *rasa_argv(sys.argv[1:])]
    rasa_main.main()


if __name__ == "__main__":
    main()
