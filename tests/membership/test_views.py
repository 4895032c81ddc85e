"""The public membership pages and the member dashboard."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from membership import services
from membership.forms import (
    ERROR_NAME_TOO_LONG,
    ERROR_ON_LINE,
    ERROR_PROJECT_LINE,
    ERROR_UNKNOWN_LICENCE,
    ERROR_URL_TOO_LONG,
)
from membership.models import (
    Affiliate,
    CategoryCode,
    MembershipCategory,
    SponsorOrganisation,
    WorkingGroup,
)
from membership.project_addresses import (
    ERROR_HOME_PAGE_ONLY,
    ERROR_HOST_NOT_PUBLIC,
    ERROR_NOT_HTTPS,
)
from membership.selectors import categories_held
from membership.views import MESSAGE_FELLOWSHIP_DECLINED, MESSAGE_LEFT_GROUP
from tests.factories import UserFactory
from tests.membership.factories import (
    MemberFactory,
    SponsorOrganisationFactory,
    WorkingGroupFactory,
    bulk_members,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


REQUESTS = "Requests, https://github.com/psf/requests, Apache-2.0"


def declare(client, member, projects, **options):
    client.force_login(member)
    return client.post(
        "/members/contributing/", {"projects": projects, "affirms_hours": "on"}, **options
    )


def on_line(line, error):
    return ERROR_ON_LINE.format(line=line, error=error)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class TestPublicPages:
    def test_membership_page_renders_the_category_snippets_staff_edit(self, client):
        supporting = MembershipCategory.objects.get(code=CategoryCode.SUPPORTING)
        supporting.description = "Fund the foundation and get a T-shirt."
        supporting.save()
        html = page(client, "/membership/")
        assert "Fund the foundation and get a T-shirt." in html
        for name in ["Basic Member", "Managing Member", "Contributing Member", "Fellow"]:
            assert name in html
        assert "$2000 or more, once" in html
        assert "$25000" in html

    def test_membership_page_lists_affiliates_with_their_country(self, client):
        Affiliate.objects.create(name="Python Software Verband", country="Germany",
                                 website="https://python-verband.org/")
        html = page(client, "/membership/")
        assert "Python Software Verband</a> (Germany)" in html

    def test_fellows_roll_lists_current_fellows_only(self, client):
        fellow, former = MemberFactory(name="Guido Fellow"), MemberFactory(name="Former Fellow")
        services.grant_fellowship(member=fellow)
        services.grant_fellowship(member=former, on=TODAY - datetime.timedelta(days=30))
        services.decline_fellowship(member=former, on=TODAY - datetime.timedelta(days=1))
        html = page(client, "/membership/fellows/")
        assert "Guido Fellow" in html
        assert "Former Fellow" not in html

    def test_fellows_roll_says_when_it_is_empty(self, client):
        assert "There are no Fellows on the roll yet." in page(client, "/membership/fellows/")

    def test_sponsors_page_lists_admitted_sponsors_by_level_not_applications(self, client):
        SponsorOrganisationFactory(name="Admitted Ltd")
        SponsorOrganisationFactory(name="Waiting Ltd", status=SponsorOrganisation.Status.APPLIED)
        html = page(client, "/membership/sponsors/")
        assert "Admitted Ltd" in html and "Bronze" in html
        assert "Waiting Ltd" not in html

    def test_public_sponsor_application_waits_for_the_vote(self, client):
        response = client.post("/membership/sponsors/apply/", {
            "name": "Snake Oil Inc", "website": "https://example.com", "contact_email": "a@b.org",
            "level": SponsorOrganisationFactory.build().level.pk,
        })
        assert response.status_code == 302
        assert SponsorOrganisation.objects.get(name="Snake Oil Inc").status == "applied"

    def test_working_groups_show_their_members_and_charter(self, client):
        group = WorkingGroupFactory(name="Packaging WG", charter_url="https://example.org/charter")
        services.certify_managing(
            member=MemberFactory(name="Pat Packager"), working_groups=[group], affirms_hours=True
        )
        assert "Packaging WG" in page(client, "/membership/working-groups/")
        html = page(client, f"/membership/working-groups/{group.slug}/")
        assert "Pat Packager" in html
        assert 'href="https://example.org/charter"' in html

    def test_setup_site_creates_the_documents_initial_working_groups(self):
        assert set(WorkingGroup.objects.values_list("name", flat=True)) >= {
            "Board", "Infrastructure Committee", "PyCon organisers", "Technical Advisory Committee",
        }


@pytest.mark.parametrize("url", [
    "/membership/fellows/", "/membership/working-groups/", "/membership/sponsors/",
])
def test_directory_pages_use_the_same_queries_with_10_and_1000_members(
    client, url, django_assert_num_queries
):
    def fill(count, prefix):
        members = bulk_members(count, code=CategoryCode.FELLOW, prefix=prefix)
        group = WorkingGroupFactory()
        for member in members:
            group.memberships.create(member=member, joined_on=TODAY)
        organisation = SponsorOrganisationFactory()
        organisation.delegates.create(member=members[0], starts=TODAY)

    fill(10, "small")
    client.get(url)  # warm the site and settings caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    fill(990, "large")
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


class TestDashboard:
    def test_dashboard_asks_anonymous_visitors_to_log_in(self, client):
        response = client.get("/members/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_dashboard_shows_each_category_with_its_end_and_next_step(self, client, member):
        services.record_contribution(
            member=member.member, amount=100, received_on=TODAY - datetime.timedelta(days=10)
        )
        client.force_login(member)
        html = page(client, "/members/")
        assert "Basic Member" in html and "Supporting Member" in html
        ends = services.one_year_from(TODAY - datetime.timedelta(days=10))
        assert f"{ends.day} {ends:%B %Y}" in html
        assert "Renew with a contribution" in html
        assert "Declare yourself a Managing Member" in html
        assert "Declare yourself a Contributing Member" in html

    def test_member_declares_managing_from_the_dashboard(self, client, member):
        group = WorkingGroupFactory()
        client.force_login(member)
        response = client.post("/members/managing/", {
            "working_groups": [group.pk], "affirms_hours": "on",
        })
        assert response.status_code == 302
        held = categories_held(member.member).values_list("code", flat=True)
        assert CategoryCode.MANAGING in held
        assert "Recertify as a Managing Member" in page(client, "/members/")

    @pytest.mark.parametrize("group_id", ["99999999999999999999", "-99999999999999999999"])
    def test_a_working_group_id_too_large_for_the_database_is_an_invalid_choice(
        self, client, member, group_id
    ):
        client.force_login(member)
        response = client.post("/members/managing/", {
            "working_groups": [group_id], "affirms_hours": "on",
        })
        assert response.status_code == 200
        assert f"Select a valid choice. {group_id} is not one of" in response.content.decode()
        assert not member.member.certifications.exists()

    def test_member_leaves_a_working_group_from_the_dashboard(self, client, member):
        group = WorkingGroupFactory()
        services.certify_managing(member=member.member, working_groups=[group], affirms_hours=True)
        client.force_login(member)
        response = client.post(f"/members/working-groups/{group.slug}/leave/", follow=True)
        assert MESSAGE_LEFT_GROUP.format(group=group.name) in response.content.decode()
        assert not member.member.working_group_memberships.current().exists()

    def test_contributing_declaration_with_a_bad_line_says_which(self, client, member):
        response = declare(client, member, f"{REQUESTS}\nno url here")
        assert response.status_code == 200
        assert on_line(2, ERROR_PROJECT_LINE) in unescape(response.content.decode())
        assert not member.member.certifications.exists()

    def test_a_declared_project_and_its_licence_show_on_the_dashboard(self, client, member):
        response = declare(client, member, REQUESTS, follow=True)
        assert "Requests</a>, licence: Apache License 2.0 (Apache-2.0)" in (
            response.content.decode()
        )

    def test_a_project_declared_before_licences_were_asked_shows_not_stated(self, client, member):
        certification = services.certify_contributing(
            member=member.member, affirms_hours=True,
            projects=[("Requests", "https://github.com/psf/requests", "MIT")],
        )
        certification.projects.update(licence="")
        client.force_login(member)
        assert "Requests</a>, licence: Not stated" in client.get("/members/").content.decode()

    def test_an_intranet_project_is_refused_with_the_reason(self, client, member, host_names):
        host_names["intranet.example.com"] = {"10.20.30.40"}
        response = declare(client, member, "Secret, https://intranet.example.com/secret, MIT")
        assert response.status_code == 200
        assert ERROR_HOST_NOT_PUBLIC.format(host="intranet.example.com", address="10.20.30.40") in (
            unescape(response.content.decode())
        )
        assert not member.member.certifications.exists()

    @pytest.mark.parametrize(("line", "error"), [
        (f"{'N' * 121}, https://github.com/psf/requests, MIT",
         ERROR_NAME_TOO_LONG.format(limit=120)),
        ("Requests, https://github.com/psf/requests, Proprietary",
         ERROR_UNKNOWN_LICENCE.format(licence="Proprietary")),
        ("Requests, https://github.com/psf/requests", ERROR_PROJECT_LINE),
        ("Site, https://example.org/, MIT", ERROR_HOME_PAGE_ONLY),
        ("Requests, http://github.com/psf/requests, MIT",
         ERROR_NOT_HTTPS.format(url="http://github.com/psf/requests")),
        (f"Long, https://example.org/{'a' * 200}, MIT", ERROR_URL_TOO_LONG.format(limit=200)),
    ])
    def test_a_project_line_that_breaks_a_rule_is_a_form_error(self, client, member, line, error):
        response = declare(client, member, f"{REQUESTS}\n{line}")
        assert response.status_code == 200
        assert on_line(2, error) in unescape(response.content.decode())
        assert not member.member.certifications.exists()

    def test_member_updates_profile_and_declines_gifts(self, client, member):
        client.force_login(member)
        client.post("/members/profile/", {
            "name": "Mia M.", "country": "Ghana", "declines_supporter_gifts": "on",
        })
        member.member.refresh_from_db()
        assert member.member.declines_supporter_gifts
        assert member.member.name == "Mia M."

    def test_a_fellowship_declined_the_day_it_was_granted_is_gone_from_the_dashboard(
        self, client, member
    ):
        services.grant_fellowship(member=member.member)
        client.force_login(member)
        client.post("/members/fellowship/decline/")
        assert not categories_held(member.member).filter(code=CategoryCode.FELLOW).exists()
        assert "Decline the Fellowship" not in client.get("/members/").content.decode()

    def test_fellow_declines_from_the_dashboard(self, client, member):
        services.grant_fellowship(member=member.member, on=TODAY - datetime.timedelta(days=30))
        client.force_login(member)
        response = client.post("/members/fellowship/decline/", follow=True)
        assert MESSAGE_FELLOWSHIP_DECLINED in response.content.decode()
        assert not categories_held(member.member).filter(code=CategoryCode.FELLOW).exists()

    def test_account_without_membership_can_join_from_the_dashboard(self, client):
        user = UserFactory()
        client.force_login(user)
        assert "Join the foundation" in page(client, "/members/")
        client.post("/members/", {
            "name": "Late Joiner", "country": "Fiji", "agrees_to_code_of_conduct": "on",
        })
        user.refresh_from_db()
        assert user.member.name == "Late Joiner"

    def test_dashboard_forms_carry_a_csrf_token(self, client, member):
        client.force_login(member)
        html = page(client, "/members/")
        assert html.count('name="csrfmiddlewaretoken"') >= html.count('method="post"')


def test_a_members_own_change_is_logged_under_their_name(client, member):
    client.force_login(member)
    client.post("/members/profile/", {"name": "Mia", "country": "Ghana"})
    entry = ModelLogEntry.objects.for_instance(member.member).latest("timestamp")
    assert (entry.action, entry.user) == ("membership.profile", member)
