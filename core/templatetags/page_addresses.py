"""{% cached_slugurl "governance" %}: Wagtail's `{% slugurl %}`, kept with the routes.

The site's menu and breadcrumbs link the same few pages from every page, where
`{% slugurl %}` would ask the database each time. The address is kept under the route
cache's versions (core/routing.py), which any saved, moved or deleted page moves, and
read once per request.
"""

from django import template
from django.http import HttpRequest
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import slugurl

from core.addresses import site_root_url
from core.page_cache import read_versioned, store_versioned
from core.routing import VERSION_KEYS

register = template.Library()


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
    key = f"routes:slugurl:{site.pk if site else ''}:{slug}"
    version, url = read_versioned(VERSION_KEYS, key)
    if url is None:
        url = slugurl(context, slug)
        if url is not None:
            store_versioned(key, version, url, timeout=None)
    return url


@register.simple_tag
def site_root() -> str:
    """`{% site_root as root %}`: the root URL every address read away from the site starts
    with (core/addresses.py), for e-mails rendered from templates."""
    return site_root_url()
