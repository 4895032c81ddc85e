"""The public read API (Wagtail API v2 at /api/v2/) for republishing policies elsewhere.

The strategic decision-making document leaves republishing on python.org out of
scope (its "Out of scope items" RFE); this serves what that needs: live, public
governance pages and an explicit allow-list of their fields (`api_fields` on the
models). Nothing about ballots is ever listed.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from governance.models import CharterPage, ProposalPage, SectionPage


class GovernancePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's read-only pages endpoint, limited to governance pages."""

    name = "pages"

    def get_base_queryset(self):
        return super().get_base_queryset().type(SectionPage, ProposalPage, CharterPage)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GovernancePagesAPIViewSet)
