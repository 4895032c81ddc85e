"""Route a deep URL in two queries, where Wagtail's walk takes two for every level."""

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _claims(page, components):
    """Whether a routable page on the way serves the rest of the path itself."""
    if not (page.live and issubclass(page.specific_class, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "/".join(components) + "/")
    except Resolver404:
        return False
    return True


class DirectRoutingMixin:
    """For the site's root page: find the page a path names in one query.

    Wagtail walks the tree a level at a time, loading each page and then its
    specific type, about a millisecond a level. Here every page on the path comes
    in one query on the indexed slug, and the last one is asked to route itself.
    If a page on the way routes paths of its own and claims the rest of this one,
    or a page is missing, Wagtail's walk decides, so the answer is always its answer.
    """

    def route(self, request, path_components):
        target = self._page_at(path_components) if path_components else None
        if target is None:
            return super().route(request, path_components)
        return target.specific.route(request, [])

    def _page_at(self, components):
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
        return page
