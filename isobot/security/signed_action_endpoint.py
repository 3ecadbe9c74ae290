"""The Rasa side of isobot/security/action_signing.py: the action endpoint signs each call it makes."""

from __future__ import annotations

import json
from typing import Any

from rasa.utils.endpoints import EndpointConfig

from isobot.security.action_signing import signed_headers


class SignedActionEndpoint(EndpointConfig):
    """Rasa's action endpoint, signing each call instead of sending the secret."""

    signing_token = ""

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any | None:
        body = json.dumps(kwargs.pop("json")).encode() if "json" in kwargs else kwargs.pop("data", b"") or b""
        headers = {**kwargs.pop("headers", {}), **signed_headers(self.signing_token, body)}
        return await super().request(method, subpath, content_type, compress, data=body, headers=headers, **kwargs)


def sign_action_calls(agent: Any, token: str) -> bool:
    """Make the agent's action endpoint sign its calls; False when there is none to sign."""
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not token:
        return False
    endpoint.__class__ = SignedActionEndpoint  # the processor holds this same object
    endpoint.signing_token = token
    return True
