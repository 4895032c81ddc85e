"""The public read API (Wagtail API v2 at /api/v2/) for republishing policies elsewhere.

The strategic decision-making document leaves republishing on python.org out of
scope (its "Out of scope items" RFE); this serves what that needs: live, public
governance pages and an explicit allow-list of their fields (`api_fields` on the
models). Nothing about ballots is ever listed.
"""

import re

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from governance.models import CharterPage, ProposalPage, SectionPage

SEARCH_NOT_TEXT = "search: write words to search for; control characters such as NUL are not text."


class SearchWordsFilter(SearchFilter):
    """Wagtail's search, refusing control characters, which crash SQLite's full text search."""

    def filter_queryset(self, request, queryset, view):
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", request.GET.get("search", "")):
            raise BadRequestError(SEARCH_NOT_TEXT)
        return super().filter_queryset(request, queryset, view)


class GovernancePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's read-only pages endpoint, limited to governance pages."""

    name = "pages"
    filter_backends = [
        SearchWordsFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().type(SectionPage, ProposalPage, CharterPage)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GovernancePagesAPIViewSet)
