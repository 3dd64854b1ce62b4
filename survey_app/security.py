"""HTTP security headers for every response.

The Content Security Policy allows no inline script or style and nothing from another host: every asset is served
by the app itself. ``Referrer-Policy: same-origin`` (not ``no-referrer``) because Flask-WTF's CSRF check over HTTPS
needs a same-origin Referer.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    """Add the security headers a view has not set; pages other than static files are never cached."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if not request.path.startswith("/static/"):
        # Pages may show personal data: never store them in shared caches or the back-forward cache.
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_security(app: Flask) -> None:
    """Security headers on every response; behind ``OMTANKE_PROXY_HOPS`` trusted proxies, the client's address
    and scheme come from their headers."""
    app.after_request(add_security_headers)
    hops = app.config.get("OMTANKE_PROXY_HOPS", 0)
    if hops:  # behind that many trusted reverse proxies: the client's address and scheme come from their headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: never an absolute or protocol-relative URL (an open
    redirect through ``next``). Browsers drop tabs and line breaks from a Location and read a backslash as a slash,
    so "/<tab>/evil.example" would become "//evil.example": whitespace and control characters are refused too."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    return target
