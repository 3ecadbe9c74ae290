"""Guard: the action endpoint signs each call instead of sending the shared secret.

Rasa's EndpointConfig.request sends whatever headers endpoints.yml gives it, so a captured
call could be replayed. The loaded agent's action endpoint becomes a SignedActionEndpoint
(isobot/security/signed_action_endpoint.py, isobot/security/action_signing.py): each call carries a signature
of its body and time, and the action server refuses unsigned, stale and replayed calls.
"""

from __future__ import annotations

import logging
from typing import Any

from isobot.rasa_patches.base import Original, Patch, Setter

logger = logging.getLogger(__name__)

PATCH = Patch(
    name="signed_action_calls",
    kind="guard",
    scope="agent",
    replaces=(
        Original(
            "rasa.utils.endpoints:EndpointConfig.request",
            "(self, method: str = 'post', subpath: Optional[str] = None, content_type: Optional[str] = 'application/json', compress: bool = False, **kwargs: Any) -> Optional[Any]",  # noqa: E501 (Rasa's signature, verbatim)
            "ccdb778aed8208e2",
        ),
    ),
    why="a shared secret sent with every call can be captured and replayed",
    gain="not a speedup: unsigned, stale and replayed calls are refused "
    "(tests/integration/test_action_server_auth.py; commit 2dd7319)",
)


def apply(setter: Setter, agent: Any) -> bool:
    """False when there is nothing to sign with or nothing to sign."""
    from isobot.security.action_signing import TOKEN_NAME
    from isobot.security.secret_files import read_secret
    from isobot.security.signed_action_endpoint import SignedActionEndpoint

    token = read_secret(TOKEN_NAME)
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not token:
        logger.warning("%s is not set: action-server calls are not signed.", TOKEN_NAME)
        return False
    setter(endpoint, "signing_token", token)
    setter(endpoint, "__class__", SignedActionEndpoint)  # the processor holds this same object
    return True
