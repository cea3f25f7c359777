"""Response headers that every page carries: the Content-Security-Policy and a strict Permissions-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The Django admin (platform admins only) sets a few inline style attributes; its scripts stay external.
ADMIN_OVERRIDES = {"style-src": "'self' 'unsafe-inline'", "img-src": "'self' data:"}


def render_policy(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {value}" for directive, value in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = render_policy(POLICY)
        self.admin_policy = render_policy({**POLICY, **ADMIN_OVERRIDES})
        self.admin_prefix = "/admin/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = self.admin_policy if request.path.startswith(self.admin_prefix) else self.policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if settings.PRODUCTION:
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
