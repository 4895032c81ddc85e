"""Response headers the whole site sends: the Content-Security-Policy and Permissions-Policy.

The public pages run no inline script or style. The Wagtail admin needs inline
script and style, so only paths under /admin/ get them added to the policy.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_ALLOWANCES = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "blob:", "https:"],
}


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's allowances on admin paths only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.update = {**ADMIN_ALLOWANCES, **(parts.update or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses (camera, microphone, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
