"""Skip the view-restriction lookup while no page is restricted.

Wagtail asks for the restrictions on a page and its ancestors on every view: two
queries. The foundation's pages are public, so whether any restriction exists at
all is kept in the cache, and forgotten when one is added, changed or removed.
"""

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from core.internals import as_fetched

KEY = "view-restrictions:any"

_Row = TypeVar("_Row", bound=Model)


def any_view_restrictions() -> bool:
    found = cache.get(KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(KEY, found, timeout=None)
    return found


def forget_view_restrictions(**kwargs: Any) -> None:
    transaction.on_commit(lambda: cache.delete(KEY))


def public_only(pages: PageQuerySet) -> PageQuerySet:
    """`pages` without those a view restriction closes, by themselves or by an ancestor.

    Listings, feeds and the register share one cached copy between every reader, so
    they show only what anyone may view; no lookup while no page is restricted.
    """
    if any_view_restrictions():
        return pages.public()
    return pages


def public_related(rows: QuerySet[_Row], field: str) -> QuerySet[_Row]:
    """`rows` without those whose page `field` a view restriction closes.

    For the relations a public page shows (the policy an amendment amends, the
    amendments of a policy): the page is cached for everyone, so it names only
    pages anyone may view. One query more, and only while some page is restricted.
    """
    if any_view_restrictions():
        return rows.filter(**{f"{field}__in": Page.objects.public().values("pk")})
    return rows


def _no_restrictions() -> QuerySet[PageViewRestriction]:
    # Wagtail iterates the restrictions on every view; an empty result already in
    # place spares compiling a query that returns nothing.
    return as_fetched(PageViewRestriction.objects.none(), [])


if TYPE_CHECKING:  # the mixin seen as what it is mixed into
    from wagtail.models import Page as PageBase
else:
    PageBase = object


class ViewRestrictionsMixin(PageBase):
    """For every page model: no restriction queries while no page has a restriction."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if any_view_restrictions():
            return super().get_view_restrictions()
        return _no_restrictions()
