"""Which Wagtail Site answers a request, kept in the cache instead of asked of the database.

Wagtail looks the site up on every request with a query that costs 3 ms here, more
than the rest of /membership/. The answer, with the site's root page and
settings, is cached per host and port with the version of the sites it was read
under, both read in one round trip; saving or deleting a Site, saving a root page
or the site settings, changes the version, so every app server sees it at once.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from home.models import SiteSettings

VERSION_KEY = "sites:version"
# Health checks answer without the cache, the database or a template.
NOT_FOR_PATHS = ("/healthz/",)


def _key(hostname, port):
    return f"sites:for:{hostname}:{port}"


def site_for(request):
    """Wagtail's own answer (`Site._find_for_request`), from the cache when it can be."""
    key = _key(split_domain_port(request._get_raw_host())[0], request.get_port())
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY, "0")
    cached_version, site = found.get(key) or (None, None)
    if cached_version != version:
        site = Site._find_for_request(request)
        if site is not None:
            # Every route starts at the root page's specific type, and every page shows
            # the site settings: both come with the site.
            site.root_page = site.root_page.specific
            site.cached_site_settings = SiteSettings.for_site(site)
        cache.set(key, (version, site), timeout=None)
    return site


def forget_sites(**kwargs):
    transaction.on_commit(lambda: cache.set(VERSION_KEY, str(time.time_ns()), timeout=None))


def forget_sites_if_root(sender, instance, **kwargs):
    """A saved root page is kept with its site, so the cached sites go."""
    if isinstance(instance, Page) and instance.url_path in {
        root.root_path for root in Site.get_site_root_paths()
    }:
        forget_sites()


class CachedSiteMiddleware:
    """Set the request's site, as `Site.find_for_request` would, from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(NOT_FOR_PATHS):
            request._wagtail_site = site_for(request)
        return self.get_response(request)
