"""Cache anonymous GETs of public pages, and purge exactly the paths a page change shows on.

Each cached path has a version in the cache; a purge replaces the version, so
every variant of that path (pagination, filters) is missed at once.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "pagecache"
HIT_HEADER = "X-Page-Cache"
CACHEABLE_TYPES = ("text/html", "application/atom+xml", "application/feed+json", "text/calendar")


GENERATION_KEY = f"{KEY_PREFIX}:generation"


def _version_key(path):
    return f"{KEY_PREFIX}:version:{path}"


def _response_key(request):
    versions = cache.get_many([GENERATION_KEY, _version_key(request.path)])
    generation = versions.get(GENERATION_KEY, "0")
    version = versions.get(_version_key(request.path), "0")
    query = hashlib.md5(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    return f"{KEY_PREFIX}:{request.get_host()}:{request.path}:{generation}.{version}:{query}"


def purge_paths(paths):
    """Make every cached variant of these paths stale."""
    version = str(time.time_ns())
    cache.set_many({_version_key(path): version for path in set(paths)}, timeout=None)


def purge_all():
    """Make every cached page stale, for changes every page shows (the site settings)."""
    cache.set(GENERATION_KEY, str(time.time_ns()), timeout=None)


def _request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # A session or a pending message means the page may be personal.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES))


def _response_is_cacheable(request, response):
    content_type = response.get("Content-Type", "").split(";")[0]
    return (
        response.status_code == 200
        and content_type in CACHEABLE_TYPES
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
        and not getattr(response, "streaming", False)
    )


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache; never pages with a form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        key = _response_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HIT_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            response[HIT_HEADER] = "miss"
            cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response
