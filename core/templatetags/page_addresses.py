"""{% cached_slugurl "governance" %}: Wagtail's `{% slugurl %}`, kept with the routes.

The site's menu and breadcrumbs link the same few pages from every page, where
`{% slugurl %}` would ask the database each time. The address is kept under the route
cache's versions (core/routing.py), which any saved, moved or deleted page moves, and
remembered by each process while those versions, read with the request's site, stay
the same.
"""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.base import Parser, Token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import slugurl

from core.addresses import site_root_url
from core.page_cache import read_versioned, store_versioned
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
    if stamp is not None and stamp == routes_stamp(request):
        return url
    key = f"routes:slugurl:{site.pk if site else ''}:{slug}"
    stamp, url = read_versioned(VERSION_KEYS, key)
    if url is None:
        url = slugurl(context, slug)
        if url is not None:
            store_versioned(key, stamp, url, timeout=None)
    _remembered[remembered_as] = (stamp, url)
    return url


# Where a page's render keeps the script prefix and URLconf its fixed addresses are for.
ADDRESSES_FOR = "fixed_url: script prefix and URLconf"


class FixedUrlNode(template.Node):
    """`{% url %}` for the links every page shows, reversed once per process.

    The menu and footer link the same few views from every page; reversing them
    each time cost an eighth of /membership/'s time (bench/page_time.py), and even a
    simple tag's own work was a tenth of it. Arguments are literal, so the address
    is kept on the node for each script prefix and URLconf.
    """

    def __init__(self, view_name: str, args: list[str]) -> None:
        self.view_name = view_name
        self.args = args
        self.addresses: dict[tuple[str, str], SafeString] = {}

    def render(self, context: template.Context) -> str:
        # The prefix and URLconf are read once for the whole page, not once per link.
        key = context.render_context.get(ADDRESSES_FOR)
        if key is None:
            key = context.render_context[ADDRESSES_FOR] = (
                get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
            )
        if key not in self.addresses:
            address = reverse(self.view_name, args=self.args, urlconf=key[1])
            self.addresses[key] = conditional_escape(address)
        return self.addresses[key]


@register.tag
def fixed_url(parser: Parser, token: Token) -> FixedUrlNode:
    """{% fixed_url "view_name" "literal argument" ... %}"""
    bits = token.split_contents()[1:]
    if not bits or any(bit[0] not in "\"'" or bit[0] != bit[-1] for bit in bits):
        raise template.TemplateSyntaxError("fixed_url takes a quoted view name and arguments.")
    view_name, *args = (bit[1:-1] for bit in bits)
    return FixedUrlNode(view_name, args)


@register.simple_tag
def site_root() -> str:
    """`{% site_root as root %}`: the root URL every address read away from the site starts
    with (core/addresses.py), for e-mails rendered from templates."""
    return site_root_url()
