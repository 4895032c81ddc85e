"""Cache anonymous GETs of public pages, and purge exactly the paths a page change shows on.

Each cached path has a version in the cache; a purge replaces the version, so
every variant of that path (pagination, filters) is missed at once. The first
segment of a path ("/membership/") has a version too, for changes that show on
every page of an area, such as a new Fellow or an edited category. A response is
kept with the versions it was made under and read with them in one round trip.
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


def _area_key(path):
    """The first segment of a path: "/membership/fellows/" is in the area "/membership/"."""
    return f"{KEY_PREFIX}:area:/" + path.lstrip("/").split("/", 1)[0] + "/"


def _stamp_keys(path):
    return [GENERATION_KEY, _area_key(path), _version_key(path)]


def _joined(versions, keys):
    return ".".join(str(versions.get(key, "0")) for key in keys)


def _stamp(request):
    """The versions a purge of this path changes, read once per request."""
    if not hasattr(request, "_page_cache_stamp"):
        keys = _stamp_keys(request.path)
        request._page_cache_stamp = _joined(cache.get_many(keys), keys)
    return request._page_cache_stamp


def _response_key(request):
    query = hashlib.md5(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    return f"{KEY_PREFIX}:{request.get_host()}:{request.path}:{query}"


def _cached_response(request, key):
    """The cached response, if made under the path's current versions: one round trip."""
    keys = _stamp_keys(request.path)
    found = cache.get_many([*keys, key])
    request._page_cache_stamp = _joined(found, keys)
    stamp, response = found.get(key) or (None, None)
    return response if stamp == request._page_cache_stamp else None


def fragment_key(request, name):
    """The key of a part of a page that every visitor sees alike; purged with the page."""
    return f"{_response_key(request)}:{_stamp(request)}:fragment:{name}"


def fragments_cacheable(request):
    """Whether this request may share page fragments: a public GET, and not a preview."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES))
    )


def purge_paths(paths):
    """Make every cached variant of these paths stale."""
    version = str(time.time_ns())
    cache.set_many({_version_key(path): version for path in set(paths)}, timeout=None)


def purge_area(area):
    """Make every cached page under an area ("/membership/") stale."""
    cache.set(_area_key(area), str(time.time_ns()), timeout=None)


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
        if not settings.PAGE_CACHE_ENABLED or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _response_key(request)
        cached = _cached_response(request, key)
        if cached is not None:
            cached[HIT_HEADER] = "hit"
            return cached
        # Stamped with the versions read before rendering: a purge meanwhile makes it stale.
        stamp = request._page_cache_stamp
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            response[HIT_HEADER] = "miss"
            cache.set(key, (stamp, response), timeout=settings.PAGE_CACHE_SECONDS)
        return response
