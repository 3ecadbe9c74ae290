"""Response headers for every page, and the staff session: a signed, HttpOnly, SameSite=Strict cookie."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from aiohttp import web

# No inline script or style anywhere: the widget and console are files under /widget and /static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SESSION_COOKIE = "isobot_staff"
SESSION_SECONDS = 8 * 3600


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and errors are raised: they get the headers too
        for name, value in SECURITY_HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison (of digests, so the length of the password does not leak either)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


class StaffSessions:
    """Stateless sessions: the cookie holds an expiry time and an HMAC of it."""

    def __init__(self, secret: bytes | None = None) -> None:
        # A new secret per process: restarting the server logs staff out, which is acceptable.
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, payload: str) -> str:
        return hmac.new(self.secret, payload.encode(), hashlib.sha256).hexdigest()

    def issue(self, response: web.StreamResponse, secure: bool) -> None:
        payload = f"staff.{int(time.time()) + SESSION_SECONDS}"
        response.set_cookie(SESSION_COOKIE, f"{payload}.{self._sign(payload)}", max_age=SESSION_SECONDS,
                            path="/staff", httponly=True, samesite="Strict", secure=secure)

    def end(self, response: web.StreamResponse) -> None:
        response.del_cookie(SESSION_COOKIE, path="/staff")

    def valid(self, request: web.Request) -> bool:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        payload, _, signature = cookie.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return False
        try:
            return int(payload.rsplit(".", 1)[1]) > time.time()
        except (IndexError, ValueError):
            return False
