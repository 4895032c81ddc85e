"""Which Wagtail Site answers a request, kept in the cache instead of asked of the database.

Wagtail looks the site up on every request with a query that costs 3 ms here, more
than the rest of /membership/. The answer, with the site's root page and the
settings every page shows (those that are `CachedWithSite`), is kept in the page
cache's versioned form (`core/page_cache.py`) and read with its versions in one
round trip. Saving or deleting a Site or the site settings purges every page, and
saving a root page moves the sites' own version, so every app server sees the
change at once.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from wagtail.contrib.settings.registry import registry
from wagtail.models import Page, Site

from core.internals import give_request_its_site, raw_hostname
from core.page_cache import GENERATION_KEY, bump, read_versioned_and_stamp, store_versioned
from core.routing import VERSION_KEYS as ROUTES_VERSION_KEYS
from core.routing import remember_routes_stamp

# Changes every page shows (a Site, the site settings) purge every page and move the
# page cache's generation; a root page's own changes move only the sites' version.
SITES_VERSION_KEY = "sites:version"
VERSION_KEYS = [GENERATION_KEY, SITES_VERSION_KEY]
# Health checks answer without the cache, the database or a template.
NOT_FOR_PATHS = ("/healthz/",)


def site_for(request: HttpRequest) -> tuple[Site | None, str | None]:
    """Wagtail's own answer (`Site.find_for_request`), from the cache when it can be, and the
    routes' stamp read in the same round trip (`core/routing.py`, `routes_stamp`).

    The stamp is given only when the site came from the cache: a cache that is down
    answers nothing, so its missing versions would look current while pages move.
    """
    key = f"sites:for:{raw_hostname(request)}:{request.get_port()}"
    version, site, routes_stamp = read_versioned_and_stamp(VERSION_KEYS, key, ROUTES_VERSION_KEYS)
    if site is not None:
        return site, routes_stamp
    site = Site.find_for_request(request)
    if site is not None:
        # Every route starts at the root page's specific type, and every page shows
        # the site settings: both come with the site.
        site.root_page = site.root_page.specific
        site.cached_settings = {
            model: model.for_site(site) for model in registry if issubclass(model, CachedWithSite)
        }
        store_versioned(key, version, site, timeout=None)
    return site, None


def forget_sites_if_root(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """A saved root page is kept with its site, so the cached sites go."""
    if isinstance(instance, Page) and instance.url_path in {
        root.root_path for root in Site.get_site_root_paths()
    }:
        transaction.on_commit(lambda: bump(SITES_VERSION_KEY))


if TYPE_CHECKING:  # the mixin seen as what it is mixed into
    from wagtail.contrib.settings.models import BaseSiteSetting as SettingBase
else:
    SettingBase = object


class CachedWithSite(SettingBase):
    """A site setting every page shows, so it is cached with the site that shows it."""

    @classmethod
    def for_site(cls, site: Site) -> Any:
        cached = getattr(site, "cached_settings", {}).get(cls)
        return cached if cached is not None else super().for_site(site)


class CachedSiteMiddleware:
    """Set the request's site, as `Site.find_for_request` would, from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(NOT_FOR_PATHS):
            site, routes_stamp = site_for(request)
            give_request_its_site(request, site)
            remember_routes_stamp(request, routes_stamp)
        return self.get_response(request)
