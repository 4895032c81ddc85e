"""Route a deep URL in two queries, where Wagtail's walk takes two for every level.

The page a path names is then kept in the cache until any page is saved, moved or
deleted, so a visitor the page cache passes by (a member) is routed without a query.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from core.page_cache import GENERATION_KEY, bump, read_versioned, store_versioned

# Moved by every change to any page, and with the page cache's generation.
ROUTES_VERSION_KEY = "routes:version"
VERSION_KEYS = [GENERATION_KEY, ROUTES_VERSION_KEY]


def _claims(page: Page, components: list[str]) -> bool:
    """Whether a routable page on the way serves the rest of the path itself."""
    if not (page.live and issubclass(page.specific_class, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "/".join(components) + "/")
    except Resolver404:
        return False
    return True


def remember_routes_stamp(request: HttpRequest, stamp: str | None) -> None:
    """Keep the routes' current stamp, read with the request's site, for `routes_stamp`."""
    request.__dict__["routes_stamp"] = stamp


def routes_stamp(request: HttpRequest) -> str | None:
    """The routes' stamp as this request found it, if it was read (`core/sites.py`)."""
    return request.__dict__.get("routes_stamp")


def forget_routes(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """Any saved or deleted page may change where a path leads: every route goes."""
    if isinstance(instance, Page):
        transaction.on_commit(lambda: bump(ROUTES_VERSION_KEY))


if TYPE_CHECKING:  # the mixin seen as what it is mixed into
    from wagtail.models import Page as PageBase
else:
    PageBase = object


class DirectRoutingMixin(PageBase):
    """For the site's root page: find the page a path names in one query.

    Wagtail walks the tree a level at a time, loading each page and then its
    specific type, about a millisecond a level. Here every page on the path comes
    in one query on the indexed slug, and the last one is asked to route itself.
    If a page on the way routes paths of its own and claims the rest of this one,
    or a page is missing, Wagtail's walk decides, so the answer is always its answer.
    """

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        target = self._cached_page_at(path_components) if path_components else None
        if target is None:
            return super().route(request, path_components)
        return target.route(request, [])

    def _cached_page_at(self, components: list[str]) -> Page | None:
        if not settings.PAGE_CACHE_ENABLED:
            return self._page_at(components)
        key = f"routes:{self.pk}:{'/'.join(components)}"
        version, page = read_versioned(VERSION_KEYS, key)
        if page is None:
            page = self._page_at(components)
            if page is not None:
                store_versioned(key, version, page, timeout=settings.PAGE_CACHE_SECONDS)
        return page

    def _page_at(self, components: list[str]) -> Page | None:
        url_paths = [
            self.url_path + "/".join(components[:length]) + "/"
            for length in range(1, len(components) + 1)
        ]
        candidates = Page.objects.filter(
            slug__in=set(components),
            depth__gt=self.depth,
            depth__lte=self.depth + len(components),
            path__startswith=self.path,
        )
        pages = {page.url_path: page for page in candidates}
        for length, url_path in enumerate(url_paths, start=1):
            page = pages.get(url_path)
            if page is None or (length < len(components) and _claims(page, components[length:])):
                return None
        return page.specific if page is not None else None
