"""{% cached_slugurl "governance" %}: Wagtail's `{% slugurl %}`, kept with the routes.

The site's menu and breadcrumbs link the same few pages from every page, where
`{% slugurl %}` would ask the database each time. The address is kept under the route
cache's versions (core/routing.py), which any saved, moved or deleted page moves, and
remembered by each process while those versions, read with the request's site, stay
the same.
"""

import functools

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import slugurl

from core.addresses import site_root_url
from core.page_cache import all_found, read_versioned, store_versioned
from core.routing import VERSION_KEYS, routes_stamp

register = template.Library()

# {(site id, slug): (the routes' stamp, address)}: this process's copy, good while the
# stamp read with the request's site (core/sites.py) is the same, so the menu's links
# cost no round trip to the cache.
_remembered: dict[tuple[int | None, str], tuple[str, str | None]] = {}


@register.simple_tag(takes_context=True)
def cached_slugurl(context: template.Context, slug: str) -> str | None:
    """The address of the page with this slug on the request's site, as `{% slugurl %}` gives."""
    request = context.get("request")
    if request is None:
        return slugurl(context, slug)
    known = request.__dict__.setdefault("addresses_by_slug", {})
    if slug not in known:
        known[slug] = _stored_slugurl(context, request, slug)
    return known[slug]


def _stored_slugurl(context: template.Context, request: HttpRequest, slug: str) -> str | None:
    site = Site.find_for_request(request)
    remembered_as = (site.pk if site else None, slug)
    stamp, url = _remembered.get(remembered_as, (None, None))
    if stamp is not None and stamp == routes_stamp(request) and all_found(stamp):
        return url
    key = f"routes:slugurl:{site.pk if site else ''}:{slug}"
    stamp, url = read_versioned(VERSION_KEYS, key)
    if url is None:
        url = slugurl(context, slug)
        if url is not None:
            store_versioned(key, stamp, url, timeout=None)
    _remembered[remembered_as] = (stamp, url)
    return url


@register.simple_tag
def fixed_url(view_name: str, *args: str) -> str:
    """`{% url %}` for the links every page shows, reversed once per process.

    The menu and footer link the same few views from every page; reversing them
    each time cost an eighth of /membership/'s time (bench/page_time.py). Only for
    literal arguments: the answer is kept for each view, arguments, script prefix
    and URLconf.
    """
    return _reversed(view_name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=64)
def _reversed(view_name: str, args: tuple[str, ...], prefix: str, urlconf: str) -> str:
    return reverse(view_name, args=args, urlconf=urlconf)


@register.simple_tag
def site_root() -> str:
    """`{% site_root as root %}`: the root URL every address read away from the site starts
    with (core/addresses.py), for e-mails rendered from templates."""
    return site_root_url()
