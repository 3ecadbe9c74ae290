"""Response headers for every page, and the request checks every state-changing call shares:
where the request really came from (HTTPS behind our proxy, its Origin) and its body type."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from urllib.parse import urlsplit

from aiohttp import web

# No inline script or style anywhere: the widget and console are files under /widget and /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
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
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


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


def _from_our_proxy(request: web.Request) -> bool:
    """Forwarded headers are believed only from loopback: our nginx or a TLS proxy on this host
    (the same rule as X-Forwarded-For in isobot/ratelimit/config.py). From anyone else they are forged."""
    try:
        return ipaddress.ip_address((request.remote or "").strip()).is_loopback
    except ValueError:
        return False


def _forwarded(request: web.Request, name: str) -> str | None:
    value = request.headers.get(name) if _from_our_proxy(request) else None
    # A proxy appends: the last entry is the one our proxy wrote.
    return value.split(",")[-1].strip().lower() if value else None


def came_over_https(request: web.Request) -> bool:
    """True when the browser used HTTPS: directly, or to the TLS proxy in front of us, which says
    so in X-Forwarded-Proto. Cookies set then carry `Secure`, so they never travel in clear."""
    return request.secure or _forwarded(request, "X-Forwarded-Proto") == "https"


def own_origin(request: web.Request) -> str:
    """The origin the browser sees this server at (scheme and Host, or X-Forwarded-Host behind our proxy)."""
    host = _forwarded(request, "X-Forwarded-Host") or request.host.lower()
    return f"{'https' if came_over_https(request) else 'http'}://{host}"


def request_origin(request: web.Request) -> str | None:
    """The Origin header, or the origin of the Referer when a browser sent no Origin."""
    origin = request.headers.get("Origin")
    if origin:
        return origin.lower()
    referer = urlsplit(request.headers.get("Referer", ""))
    return f"{referer.scheme}://{referer.netloc}".lower() if referer.scheme and referer.netloc else None


def _refused(status: type[web.HTTPException], message: str) -> web.HTTPException:
    return status(text=f'{{"error": "{message}"}}', content_type="application/json")


def check_json_post(
    request: web.Request, also_allowed: frozenset[str] = frozenset(), origin_required: bool = True
) -> None:
    """The CSRF check of every state-changing call: the body is application/json, which a form
    or a cross-origin page cannot send without a CORS preflight, and the request comes from our
    own page (or an origin in `also_allowed`). `origin_required=False` lets callers without a
    browser (no Origin, no Referer) through; a browser always sends Origin on a POST."""
    if request.content_type != "application/json":
        raise _refused(web.HTTPUnsupportedMediaType, "The request body must be application/json.")
    origin = request_origin(request)
    if origin is None and not origin_required:
        return
    if origin != own_origin(request) and origin not in also_allowed:
        raise _refused(web.HTTPForbidden, "This request must come from the page it belongs to.")
