"""Every public page and the dashboards run the same queries with 10 rows and with 1,000.

The rows are what the pages list: proposals in a section, policies in the register
and the feeds, members on the roll, in a working group and in the categories.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import ProposalPage, Stage
from membership.models import CategoryCode, WorkingGroupMembership
from tests.governance.factories import make_policy, section
from tests.membership.factories import WorkingGroupFactory, bulk_members

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/governance/",
    "/governance/active-policies/",
    "/governance/active-policies/?page=2",
    "/governance/active-policies/feed/",
    "/governance/active-policies/feed.json",
    "/governance/register/",
    "/search/?q=policy",
    "/membership/",
    "/membership/code-of-conduct/",
    "/membership/fellows/",
    "/membership/working-groups/",
    "/membership/sponsors/",
    "/vote/elections/",
]
MEMBER_PAGES = ["/members/", "/vote/", "/governance/active-policies/"]


def grow(total, group):
    """Bring the active policies and the Fellows in `group` up to `total` each."""
    active = section(Stage.ACTIVE)
    for number in range(active.get_children().count(), total):
        # Published without revisions: the public pages read only the live pages.
        active.add_child(
            instance=ProposalPage(title=f"Policy {number}", summary=f"Policy {number}.", live=True)
        )
    fellows = bulk_members(total - group.memberships.count(), CategoryCode.FELLOW, f"f{total}-")
    WorkingGroupMembership.objects.bulk_create(
        WorkingGroupMembership(working_group=group, member=fellow, joined_on=timezone.localdate())
        for fellow in fellows
    )


def queries_per_page(client, paths):
    counts = {}
    for path in paths:
        client.get(path)  # warm the site and settings caches, as a running server has
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[path] = len(captured)
    return counts


def test_every_public_page_and_dashboard_runs_the_same_queries_at_10_and_1000_rows(
    client, member
):
    group, policy = WorkingGroupFactory(), make_policy(title="The policy")
    public = [*PUBLIC_PAGES, policy.url, f"/membership/working-groups/{group.slug}/"]
    members_see = [*MEMBER_PAGES, policy.url]
    grow(10, group)
    anonymous_small = queries_per_page(client, public)
    client.force_login(member)
    member_small = queries_per_page(client, members_see)
    client.logout()

    grow(1000, group)
    assert queries_per_page(client, public) == anonymous_small
    client.force_login(member)
    assert queries_per_page(client, members_see) == member_small
