"""Two gaps in how Rasa 3.6 (through sanic-jwt 1.8) checks a JWT on its HTTP API, closed.

- sanic-jwt turns only some PyJWT errors into 401. A token with `alg: none`, or signed with
  another algorithm than the server's (HS512 for HS256), raises InvalidAlgorithmError, which
  it lets through: the answer was a 500, with a traceback in rasa.log for every such request.
  Here every PyJWT error is a 401.
- PyJWT checks `exp` only when a token has one, so a token minted without it never expired.
  Here a token without `exp` is refused (isobot.security.api_token always sets it).
"""

from __future__ import annotations

from typing import Any

import jwt

EXPIRY_CLAIM = "exp"


def guarded_decode(decode: Any) -> Any:
    """sanic-jwt's Authentication._decode, with every token error a DecodeError (its 401) and
    `exp` required whenever the token is verified."""

    async def _decode(token: Any, verify: bool = True, inline_claims: Any = None) -> Any:
        try:
            payload = await decode(token, verify=verify, inline_claims=inline_claims)
        except jwt.exceptions.DecodeError:
            raise
        except jwt.exceptions.InvalidTokenError as error:
            if isinstance(error, _ANSWERED_401):
                raise
            raise jwt.exceptions.DecodeError(f"{type(error).__name__}: {error}") from None
        if verify and (not isinstance(payload, dict) or EXPIRY_CLAIM not in payload):
            raise jwt.exceptions.DecodeError("The token has no expiry ('exp') claim.")
        return payload

    _decode.__wrapped__ = decode  # type: ignore[attr-defined]
    return _decode


# The errors sanic-jwt already answers with 401 itself (sanic_jwt/authentication.py, _verify).
_ANSWERED_401 = (
    jwt.exceptions.ExpiredSignatureError,
    jwt.exceptions.InvalidIssuerError,
    jwt.exceptions.ImmatureSignatureError,
    jwt.exceptions.InvalidIssuedAtError,
    jwt.exceptions.InvalidAudienceError,
)


def install(app: Any) -> None:
    auth = getattr(app.ctx, "auth", None)  # set by Rasa only when started with --jwt-secret
    if auth is not None and not hasattr(auth._decode, "__wrapped__"):
        auth._decode = guarded_decode(auth._decode)
