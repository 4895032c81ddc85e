"""Cache anonymous GETs of public pages, and purge exactly the paths a page change shows on.

Each cached path has a version in the cache; a purge replaces the version, so
every variant of that path (pagination, filters) is missed at once. The first
segment of a path ("/membership/") has a version too, for changes that show on
every page of an area, such as a new Fellow or an edited category. A response is
kept with the versions it was made under and read with them in one round trip.
"""

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from wagtail.models import Page

KEY_PREFIX = "pagecache"
HIT_HEADER = "X-Page-Cache"
CACHEABLE_TYPES = ("text/html", "application/atom+xml", "application/feed+json", "text/calendar")


GENERATION_KEY = f"{KEY_PREFIX}:generation"


def _version_key(path: str) -> str:
    return f"{KEY_PREFIX}:version:{path}"


def _area_key(path: str) -> str:
    """The first segment of a path: "/membership/fellows/" is in the area "/membership/"."""
    return f"{KEY_PREFIX}:area:/" + path.lstrip("/").split("/", 1)[0] + "/"


def _stamp_keys(path: str) -> list[str]:
    return [GENERATION_KEY, _area_key(path), _version_key(path)]


def _joined(versions: Mapping[str, Any], keys: Iterable[str]) -> str:
    return ".".join(str(versions.get(key, "0")) for key in keys)


def _stored_under(found: Mapping[str, Any], key: str, stamp: str) -> Any:
    """The value kept under `key` if it was made under `stamp`, else None."""
    stored_stamp, value = found.get(key) or (None, None)
    return value if stored_stamp == stamp else None


def read_versioned_many(
    version_keys: Sequence[str], keys: Sequence[str]
) -> tuple[str, dict[str, Any]]:
    """(the current versions, {key: value} for each key stored under them), in one round trip."""
    found = cache.get_many([*version_keys, *keys])
    stamp = _joined(found, version_keys)
    values = {key: _stored_under(found, key, stamp) for key in keys}
    return stamp, {key: value for key, value in values.items() if value is not None}


def read_versioned(version_keys: Sequence[str], key: str) -> tuple[str, Any]:
    """(the current versions, the value under `key` if stored under them), in one round trip."""
    stamp, values = read_versioned_many(version_keys, [key])
    return stamp, values.get(key)


def read_versioned_and_stamp(
    version_keys: Sequence[str], key: str, other_version_keys: Sequence[str]
) -> tuple[str, Any, str]:
    """`read_versioned`, and in the same round trip the current stamp of other versions.

    What those versions guard can then be checked against a copy this process
    remembers, without a round trip of its own.
    """
    found = cache.get_many([*version_keys, *other_version_keys, key])
    stamp = _joined(found, version_keys)
    return stamp, _stored_under(found, key, stamp), _joined(found, other_version_keys)


def store_versioned(key: str, stamp: str, value: Any, timeout: float | None) -> None:
    """Keep a value with the versions it was made under, for `read_versioned`."""
    cache.set(key, (stamp, value), timeout=timeout)


def bump(*keys: str) -> None:
    """Give these versions a new value: everything stored under the old one is stale."""
    version = str(time.time_ns())
    cache.set_many(dict.fromkeys(keys, version), timeout=None)


def _response_key(request: HttpRequest) -> str:
    query = hashlib.md5(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    return f"{KEY_PREFIX}:{request.get_host()}:{request.path}:{query}"


def _fragment_key(request: HttpRequest, name: str) -> str:
    return f"{_response_key(request)}:fragment:{name}"


def read_fragments(request: HttpRequest, names: Iterable[str]) -> tuple[str, dict[str, str]]:
    """(this path's versions, {name: html} of the fragments kept under them): one round trip.

    A fragment is a part of a public page that every visitor sees alike; a purge of
    the page's path makes it stale with the page.
    """
    keys = {_fragment_key(request, name): name for name in names}
    stamp, found = read_versioned_many(_stamp_keys(request.path), list(keys))
    return stamp, {keys[key]: html for key, html in found.items()}


def store_fragment(request: HttpRequest, name: str, stamp: str, html: str) -> None:
    """Keep a fragment with the versions read before it was rendered."""
    store_versioned(_fragment_key(request, name), stamp, html, settings.PAGE_CACHE_SECONDS)


def _public_get(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(
        tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def fragments_cacheable(request: HttpRequest) -> bool:
    """Whether this request may share page fragments: a public GET, and not a preview."""
    return (
        settings.PAGE_CACHE_ENABLED
        and _public_get(request)
        and not getattr(request, "is_preview", False)
    )


def purge_paths(paths: Iterable[str]) -> None:
    """Make every cached variant of these paths stale."""
    bump(*{_version_key(path) for path in paths})


def purge_page_on_commit(page: Page) -> None:
    """Once the transaction commits, make the page's own cached copies stale."""
    path = page.get_url_parts()[2]
    transaction.on_commit(lambda: purge_paths([path]))


def purge_area(area: str) -> None:
    """Make every cached page under an area ("/membership/") stale."""
    bump(_area_key(area))


def purge_all() -> None:
    """Make every cached page stale, for changes every page shows (a site, its settings)."""
    bump(GENERATION_KEY)


def _request_is_cacheable(request: HttpRequest) -> bool:
    # A session or a pending message means the page may be personal.
    personal = settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    return _public_get(request) and not personal


def _response_is_cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
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

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.PAGE_CACHE_ENABLED or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _response_key(request)
        # Stamped with the versions read before rendering: a purge meanwhile makes it stale.
        stamp, cached = read_versioned(_stamp_keys(request.path), key)
        if cached is not None:
            cached[HIT_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _response_is_cacheable(request, response):
            response[HIT_HEADER] = "miss"
            store_versioned(key, stamp, response, settings.PAGE_CACHE_SECONDS)
        return response
