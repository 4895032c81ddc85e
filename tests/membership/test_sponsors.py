"""Sponsor Members renew each year, keep their history, and their delegations end when they should.

new-membership-model.md, "Sponsor Members (Funding)": "Sponsor Membership would be active for
a full year"; its designated Sponsor Delegates vote for it.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from home.privacy import close_account
from membership import services
from membership.models import SponsorOrganisation, SponsorTerm
from membership.selectors import delegated_organisations, sponsor_history
from tests.membership.factories import MemberFactory, SponsorOrganisationFactory
from voting.selectors import enrolment_roles, members_invited_to_enrol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def lapsed_sponsor(**kwargs):
    """A Sponsor Member whose one term ended 36 days ago."""
    return SponsorOrganisationFactory(
        term_starts=TODAY - 400 * DAY, term_ends=TODAY - 36 * DAY, **kwargs
    )


def renew(organisation, staff, reference="INV-1", on=None):
    return services.renew_sponsorship(
        organisation=organisation, payment_reference=reference, user=staff, on=on
    )


class TestRenewal:
    def test_renewal_in_term_starts_the_day_after_the_old_term_ends(self, staff):
        organisation = SponsorOrganisationFactory()
        old = organisation.terms.get()
        term = renew(organisation, staff)
        assert term.starts_on == old.ends_on + DAY
        assert term.ends_on == services.one_year_from(term.starts_on)
        assert (term.level, term.recorded_by, term.payment_reference) == (
            organisation.level, staff, "INV-1",
        )

    def test_renewal_after_a_lapse_starts_today(self, staff):
        term = renew(lapsed_sponsor(), staff)
        assert (term.starts_on, term.ends_on) == (TODAY, services.one_year_from(TODAY))

    def test_a_term_renewed_from_29_february_ends_on_28_february(self, staff):
        organisation = SponsorOrganisationFactory(
            term_starts=datetime.date(2027, 3, 1), term_ends=datetime.date(2028, 2, 28)
        )
        term = renew(organisation, staff, on=datetime.date(2028, 1, 10))
        assert (term.starts_on, term.ends_on) == (
            datetime.date(2028, 2, 29), datetime.date(2029, 2, 28),
        )

    def test_a_second_renewal_for_the_same_term_is_refused(self, staff):
        organisation = SponsorOrganisationFactory()
        renew(organisation, staff)
        with pytest.raises(ValidationError, match="already renewed for its next term"):
            renew(organisation, staff, reference="INV-2")
        assert organisation.terms.count() == 2

    def test_a_renewal_needs_the_payment(self, staff):
        organisation = SponsorOrganisationFactory()
        with pytest.raises(ValidationError) as refused:
            renew(organisation, staff, reference="  ")
        assert refused.value.message_dict == {"payment_reference": [services.ERROR_NO_PAYMENT]}
        assert organisation.terms.count() == 1

    def test_one_payment_renews_once(self, staff):
        renew(SponsorOrganisationFactory(), staff, reference="INV-9")
        with pytest.raises(ValidationError, match="payment reference is already recorded"):
            renew(SponsorOrganisationFactory(), staff, reference="INV-9")

    def test_an_organisation_the_vote_refused_cannot_renew(self, staff):
        organisation = SponsorOrganisationFactory(status=SponsorOrganisation.Status.REFUSED)
        with pytest.raises(ValidationError, match="refused this organisation's application"):
            renew(organisation, staff)
        assert not SponsorTerm.objects.exists()

    def test_only_staff_renew(self, member):
        organisation = SponsorOrganisationFactory()
        with pytest.raises(PermissionDenied):
            renew(organisation, member)
        assert organisation.terms.count() == 1

    def test_renewal_is_logged_on_the_organisation(self, staff):
        organisation = SponsorOrganisationFactory()
        renew(organisation, staff)
        entry = ModelLogEntry.objects.for_instance(organisation).get()
        assert (entry.action, entry.user) == (services.LOG_SPONSOR_RENEW, staff)


class TestDelegatesThroughRenewal:
    def test_a_renewed_sponsors_delegate_stays_in_term_and_can_enrol(self, staff):
        organisation, member = SponsorOrganisationFactory(), MemberFactory()
        services.name_delegate(organisation=organisation, member=member)
        day_after = organisation.terms.get().ends_on + DAY
        renew(organisation, staff)
        assert organisation in enrolment_roles(member, on=day_after)
        assert member in members_invited_to_enrol(day_after)
        assert member.delegations.get().grant.ends == services.one_year_from(day_after)

    def test_a_lapsed_sponsors_delegate_cannot_enrol_until_it_renews(self, staff):
        organisation, member = SponsorOrganisationFactory(), MemberFactory()
        services.name_delegate(organisation=organisation, member=member, on=TODAY - 5 * DAY)
        organisation.terms.update(ends_on=TODAY - 3 * DAY)
        member.delegations.update(ends=TODAY - 3 * DAY)
        assert organisation not in enrolment_roles(member)
        renew(organisation, staff)
        assert list(delegated_organisations(member)) == [organisation]
        assert member.delegations.count() == 2

    def test_a_delegate_ended_early_is_not_carried_into_the_next_term(self, staff):
        organisation, member = SponsorOrganisationFactory(), MemberFactory()
        delegation = services.name_delegate(organisation=organisation, member=member)
        services.end_delegation_early(delegation=delegation, reason="Left the company", user=staff)
        renew(organisation, staff)
        assert not delegated_organisations(member, on=organisation.terms.first().starts_on)


class TestApplyingAgain:
    def test_a_lapsed_sponsor_applies_again_under_the_same_name(self, client):
        organisation = lapsed_sponsor(name="Acme Widgets")
        response = client.post("/membership/sponsors/apply/", {
            "name": "Acme Widgets", "website": "https://acme.example", "contact_email": "a@b.org",
            "level": organisation.level.pk,
        })
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.status == SponsorOrganisation.Status.APPLIED
        assert SponsorOrganisation.objects.count() == 1
        services.admit_sponsor(organisation=organisation, admitted=True)
        assert [term.starts_on for term in organisation.terms.all()] == [
            TODAY, TODAY - 400 * DAY,
        ]

    def test_a_sponsor_in_term_is_told_to_renew_instead(self):
        organisation = SponsorOrganisationFactory()
        with pytest.raises(ValidationError, match="need not apply again"):
            services.apply_for_sponsorship(name=organisation.name, level=organisation.level)

    def test_a_waiting_application_is_not_made_twice(self):
        organisation = SponsorOrganisationFactory(status=SponsorOrganisation.Status.APPLIED)
        with pytest.raises(ValidationError, match="already waiting"):
            services.apply_for_sponsorship(name=organisation.name, level=organisation.level)


class TestEndingDelegations:
    def test_staff_end_a_delegation_early_and_the_seat_is_free_at_once(self, staff):
        organisation = SponsorOrganisationFactory()  # Bronze: one seat
        first, second = MemberFactory(), MemberFactory()
        delegation = services.name_delegate(organisation=organisation, member=first)
        services.end_delegation_early(delegation=delegation, reason="Left the company", user=staff)
        services.name_delegate(organisation=organisation, member=second)
        assert not delegated_organisations(first)
        assert list(delegated_organisations(second)) == [organisation]
        entry = ModelLogEntry.objects.for_instance(delegation).get(
            action=services.LOG_DELEGATE_END_EARLY
        )
        assert entry.data == {"reason": "Left the company"}

    def test_ending_early_needs_a_reason_and_staff(self, staff, member):
        delegation = services.name_delegate(
            organisation=SponsorOrganisationFactory(), member=MemberFactory()
        )
        with pytest.raises(ValidationError, match="Give the reason"):
            services.end_delegation_early(delegation=delegation, reason=" ", user=staff)
        with pytest.raises(PermissionDenied):
            services.end_delegation_early(delegation=delegation, reason="No", user=member)
        delegation.refresh_from_db()
        assert delegation.ends == delegation.organisation.terms.get().ends_on

    def test_closing_a_delegates_account_frees_the_seat_at_once(self):
        organisation, delegate = SponsorOrganisationFactory(), MemberFactory()
        services.name_delegate(organisation=organisation, member=delegate, on=TODAY - 3 * DAY)
        close_account(delegate.user)
        assert not delegated_organisations(delegate)
        services.name_delegate(organisation=organisation, member=MemberFactory())
        assert delegate.delegations.get().end_reason == services.REASON_ACCOUNT_CLOSED


class TestScreens:
    def test_staff_renew_from_the_sponsors_page_and_see_every_term(self, staff_client):
        organisation = SponsorOrganisationFactory(name="Acme Widgets")
        page_url = f"/admin/membership/sponsororganisation/inspect/{organisation.pk}/"
        assert f"/admin/membership/sponsors/{organisation.pk}/renew/" in (
            staff_client.get(page_url).content.decode()
        )
        response = staff_client.post(
            f"/admin/membership/sponsors/{organisation.pk}/renew/", {"payment_reference": "INV-7"}
        )
        assert response.status_code == 302
        html = staff_client.get(page_url).content.decode()
        assert "Renewed, payment INV-7" in html and "Admitted by the member vote" in html
        assert len(sponsor_history(organisation).terms) == 2

    def test_a_renewal_without_payment_is_a_form_error(self, staff_client):
        organisation = SponsorOrganisationFactory()
        response = staff_client.post(
            f"/admin/membership/sponsors/{organisation.pk}/renew/", {"payment_reference": ""}
        )
        assert response.status_code == 200
        assert escape(services.ERROR_NO_PAYMENT) in response.content.decode()
        assert organisation.terms.count() == 1

    def test_a_refused_organisation_renewing_gets_a_message(self, staff_client):
        organisation = SponsorOrganisationFactory(status=SponsorOrganisation.Status.REFUSED)
        response = staff_client.post(
            f"/admin/membership/sponsors/{organisation.pk}/renew/", {"payment_reference": "INV-1"}
        )
        assert response.status_code == 200
        assert escape(services.ERROR_RENEW_REFUSED) in response.content.decode()
        assert not SponsorTerm.objects.exists()

    def test_members_cannot_reach_the_renewal_or_end_screens(self, client, member):
        client.force_login(member)
        organisation = SponsorOrganisationFactory()
        delegation = services.name_delegate(organisation=organisation, member=MemberFactory())
        for url in (f"/admin/membership/sponsors/{organisation.pk}/renew/",
                    f"/admin/membership/delegates/{delegation.pk}/end/"):
            assert client.post(url, {"payment_reference": "X", "reason": "X"}).status_code in (
                302, 403,
            )
        assert organisation.terms.count() == 1
        delegation.refresh_from_db()
        assert delegation.end_reason == ""

    def test_staff_end_a_delegation_from_the_delegates_list(self, staff_client):
        delegation = services.name_delegate(
            organisation=SponsorOrganisationFactory(), member=MemberFactory()
        )
        listing = staff_client.get("/admin/membership/sponsordelegate/").content.decode()
        assert f"/admin/membership/delegates/{delegation.pk}/end/" in listing
        url = f"/admin/membership/delegates/{delegation.pk}/end/"
        assert services.ERROR_END_REASON_REQUIRED in staff_client.post(
            url, {"reason": ""}
        ).content.decode()
        assert staff_client.post(url, {"reason": "Left the company"}).status_code == 302
        delegation.refresh_from_db()
        assert (delegation.ends, delegation.end_reason) == (TODAY - DAY, "Left the company")

    def test_an_application_page_says_it_has_no_term_yet(self, staff_client):
        organisation = SponsorOrganisationFactory(status=SponsorOrganisation.Status.APPLIED)
        html = staff_client.get(
            f"/admin/membership/sponsororganisation/inspect/{organisation.pk}/"
        ).content.decode()
        assert "No term yet" in html and "/renew/" not in html

    def test_the_public_list_shows_only_sponsors_in_term(self, client, staff):
        lapsed_sponsor(name="Lapsed Ltd")
        renewed = SponsorOrganisationFactory(name="Renewed Ltd")
        term = renew(renewed, staff)
        html = client.get("/membership/sponsors/").content.decode()
        assert "Renewed Ltd" in html and f"{term.ends_on:%-d %B %Y}" in html
        assert "Lapsed Ltd" not in html

