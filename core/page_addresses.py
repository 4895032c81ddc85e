"""The addresses of the few pages every page links (the menu, breadcrumbs), kept with
the routes.

Each is found by what the page is, through the `find` its template tag gives, not by a
slug an editor may change. The address is kept in the cache under the route cache's
versions (core/routing.py), which any saved, moved or deleted page moves, and remembered
by each process while those versions, read with the request's site, stay the same.
"""

from collections.abc import Callable

from django import template
from django.http import HttpRequest
from wagtail.models import Page, Site

from core.page_cache import read_versioned, store_versioned
from core.routing import VERSION_KEYS, routes_stamp

# {(site id, name): (the routes' stamp, address)}: this process's copy, good while the
# stamp read with the request's site (core/sites.py) is the same, so the menu's links
# cost no round trip to the cache.
_remembered: dict[tuple[int | None, str], tuple[str, str | None]] = {}


def remembered_page_url(
    context: template.Context, *, name: str, find: Callable[[], Page | None]
) -> str | None:
    """The address of the page `find` returns, as `{% pageurl %}` gives it; None if none."""
    request = context.get("request")
    if request is None:
        return _url_of(find(), request=None)
    known = request.__dict__.setdefault("remembered_page_urls", {})
    if name not in known:
        known[name] = _stored_url(request, name=name, find=find)
    return known[name]


def _url_of(page: Page | None, *, request: HttpRequest | None) -> str | None:
    return page.get_url(request=request) if page is not None else None


def _stored_url(
    request: HttpRequest, *, name: str, find: Callable[[], Page | None]
) -> str | None:
    site = Site.find_for_request(request)
    remembered_as = (site.pk if site else None, name)
    stamp, url = _remembered.get(remembered_as, (None, None))
    if stamp is not None and stamp == routes_stamp(request):
        return url
    key = f"routes:page-url:{site.pk if site else ''}:{name}"
    stamp, url = read_versioned(VERSION_KEYS, key)
    if url is None:
        url = _url_of(find(), request=request)
        if url is not None:
            store_versioned(key, stamp, url, timeout=None)
    _remembered[remembered_as] = (stamp, url)
    return url
