"""The rules of new-membership-model.md, as the services apply them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from membership import services
from membership.housekeeping import close_group_membership, dissolved_group_memberships
from membership.models import (
    BoardSeat,
    CategoryCode,
    CategoryGrant,
    Certification,
    Contribution,
    SponsorOrganisation,
    WorkingGroup,
)
from membership.selectors import (
    categories_held,
    current_working_groups,
    delegated_organisations,
    is_voting_eligible,
    membership_overview,
)
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    SponsorOrganisationFactory,
    WorkingGroupFactory,
    category,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def held(member, on=None):
    return set(categories_held(member, on=on).values_list("code", flat=True))


def refused(message):
    return pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)"))


class TestSupportingContributions:
    def test_contribution_makes_a_supporting_member_for_one_year_from_its_date(self):
        member = MemberFactory()
        paid = TODAY - datetime.timedelta(days=100)
        contribution = services.record_contribution(
            member=member, amount=Decimal("100"), received_on=paid
        )
        assert contribution.grant.starts == paid
        assert contribution.grant.ends == datetime.date(paid.year + 1, paid.month, paid.day) - DAY
        assert contribution.grant.source == CategoryGrant.Source.CONTRIBUTION
        assert is_voting_eligible(member)
        assert not is_voting_eligible(member, on=contribution.grant.ends + DAY)

    def test_contribution_at_the_lifetime_fee_gives_supporting_for_life(self):
        member = MemberFactory()
        contribution = services.record_contribution(
            member=member, amount=Decimal("2000"), received_on=TODAY
        )
        assert contribution.grant.ends is None

    def test_lifetime_fee_is_read_from_the_category_snippet(self):
        supporting = category(CategoryCode.SUPPORTING)
        supporting.lifetime_fee = Decimal("5000")
        supporting.save()
        contribution = services.record_contribution(
            member=MemberFactory(), amount=Decimal("2000"), received_on=TODAY
        )
        assert contribution.grant.ends is not None

    def test_contribution_on_29_february_runs_to_28_february(self):
        contribution = services.record_contribution(
            member=MemberFactory(), amount=Decimal("100"), received_on=datetime.date(2024, 2, 29)
        )
        assert contribution.grant.ends == datetime.date(2025, 2, 28)

    @pytest.mark.parametrize(("fields", "message"), [
        ({"organisation": "Acme Corp"}, services.ERROR_CONTRIBUTION_FOR_ORGANISATION),
        ({"amount": Decimal("-5")}, services.ERROR_AMOUNT_NOT_POSITIVE),
        ({"amount": Decimal("0")}, services.ERROR_AMOUNT_NOT_POSITIVE),
        ({"received_on": TODAY + DAY}, services.ERROR_DATE_IN_FUTURE),
    ])
    def test_bad_contribution_is_refused_and_nothing_is_saved(self, fields, message):
        member = MemberFactory()
        arguments = {"member": member, "amount": Decimal("100"), "received_on": TODAY, **fields}
        with refused(message):
            services.record_contribution(**arguments)
        assert not Contribution.objects.exists()
        assert not member.grants.exists()

    def test_same_payment_reference_is_recorded_once(self):
        member = MemberFactory()
        services.record_contribution(
            member=member, amount=Decimal("100"), received_on=TODAY, reference="ch_1"
        )
        with refused(services.ERROR_REFERENCE_ALREADY_RECORDED):
            services.record_contribution(
                member=member, amount=Decimal("100"), received_on=TODAY, reference="ch_1"
            )
        assert member.grants.of(CategoryCode.SUPPORTING).count() == 1

    def test_member_declines_the_yearly_gifts_on_their_profile(self):
        member = MemberFactory()
        services.update_profile(
            member=member, name="New Name", country="Peru", declines_supporter_gifts=True
        )
        member.refresh_from_db()
        assert (member.name, member.country, member.declines_supporter_gifts) == (
            "New Name", "Peru", True,
        )


class TestManagingAndContributing:
    def test_managing_certification_joins_the_groups_and_lasts_a_year(self):
        member, groups = MemberFactory(), WorkingGroupFactory.create_batch(2)
        certification = services.certify_managing(
            member=member, working_groups=groups, affirms_hours=True
        )
        assert set(current_working_groups(member)) == set(groups)
        assert certification.grant.ends == services.one_year_from(TODAY)
        assert CategoryCode.MANAGING in held(member)

    def test_recertifying_with_fewer_groups_leaves_the_others(self):
        member, (kept, dropped) = MemberFactory(), WorkingGroupFactory.create_batch(2)
        services.certify_managing(member=member, working_groups=[kept, dropped], affirms_hours=True)
        services.certify_managing(
            member=member, working_groups=[kept], affirms_hours=True, on=TODAY + 300 * DAY
        )
        assert list(current_working_groups(member)) == [kept]
        assert CategoryCode.MANAGING in held(member, on=TODAY + 500 * DAY)

    def test_managing_lapses_when_not_recertified(self):
        member = MemberFactory()
        services.certify_managing(
            member=member, working_groups=[WorkingGroupFactory()], affirms_hours=True
        )
        assert CategoryCode.MANAGING not in held(member, on=TODAY + 366 * DAY)

    def test_managing_without_the_hours_or_a_group_is_refused(self):
        member = MemberFactory()
        with refused(services.ERROR_HOURS_NOT_AFFIRMED):
            services.certify_managing(
                member=member, working_groups=[WorkingGroupFactory()], affirms_hours=False
            )
        with refused(services.ERROR_NO_WORKING_GROUP):
            services.certify_managing(member=member, working_groups=[], affirms_hours=True)
        assert not Certification.objects.exists()

    def test_a_dissolved_group_cannot_be_joined(self):
        group = WorkingGroupFactory(status=WorkingGroup.Status.DISSOLVED)
        with refused(services.ERROR_WORKING_GROUP_NOT_ACTIVE):
            services.certify_managing(
                member=MemberFactory(), working_groups=[group], affirms_hours=True
            )

    def test_leaving_the_last_group_ends_managing_status_and_keeps_history(self):
        member, group = MemberFactory(), WorkingGroupFactory()
        services.certify_managing(member=member, working_groups=[group], affirms_hours=True)
        services.leave_working_group(member=member, working_group=group, on=TODAY + 10 * DAY)
        grant = member.grants.of(CategoryCode.MANAGING).get()
        assert grant.ends == TODAY + 10 * DAY
        assert CategoryCode.MANAGING not in held(member, on=TODAY + 11 * DAY)

    def test_contributing_certification_stores_the_projects_for_a_year(self):
        member = MemberFactory()
        certification = services.certify_contributing(
            member=member, affirms_hours=True,
            projects=[("Requests", "https://github.com/psf/requests", "Apache-2.0")],
        )
        assert list(certification.projects.values_list("name", "url", "licence")) == [
            ("Requests", "https://github.com/psf/requests", "Apache-2.0"),
        ]
        assert CategoryCode.CONTRIBUTING in held(member)
        assert CategoryCode.CONTRIBUTING not in held(member, on=TODAY + 366 * DAY)

    def test_contributing_without_a_project_is_refused(self):
        with refused(services.ERROR_NO_PROJECT):
            services.certify_contributing(member=MemberFactory(), projects=[], affirms_hours=True)


class TestBoardAndFellows:
    def test_board_seat_makes_its_holder_managing_and_a_director_for_the_term(self):
        member = MemberFactory()
        seat = services.record_board_seat(member=member, starts=TODAY, ends=TODAY + 700 * DAY)
        assert seat.grant.source == CategoryGrant.Source.BOARD_SEAT
        assert CategoryCode.MANAGING in held(member, on=TODAY + 700 * DAY)
        assert CategoryCode.MANAGING not in held(member, on=TODAY + 701 * DAY)
        assert member.user.groups.filter(name="Directors").exists()

    def test_ending_a_board_seat_early_ends_its_managing_grant(self):
        member = MemberFactory()
        seat = services.record_board_seat(member=member, starts=TODAY, ends=TODAY + 700 * DAY)
        services.end_board_seat(seat=seat, on=TODAY + 30 * DAY)
        assert BoardSeat.objects.get().grant.ends == TODAY + 30 * DAY

    def test_fellowship_is_for_life_and_can_be_declined(self):
        member = MemberFactory()
        services.grant_fellowship(member=member)
        assert CategoryCode.FELLOW in held(member, on=TODAY + 365 * 50 * DAY)
        services.decline_fellowship(member=member, on=TODAY + 10 * DAY)
        assert CategoryCode.FELLOW not in held(member, on=TODAY + 10 * DAY)
        assert member.grants.of(CategoryCode.FELLOW).exists()

    def test_a_fellowship_declined_on_the_day_it_was_granted_ends_at_once(self):
        member = MemberFactory()
        services.grant_fellowship(member=member, on=TODAY)
        services.decline_fellowship(member=member, on=TODAY)
        assert CategoryCode.FELLOW not in held(member, on=TODAY)
        grant = member.grants.of(CategoryCode.FELLOW).get()
        assert (grant.starts, grant.ends) == (TODAY, TODAY - DAY)

    def test_electing_a_sitting_fellow_again_adds_no_second_grant(self):
        member = MemberFactory()
        first = services.grant_fellowship(member=member)
        assert services.grant_fellowship(member=member, on=TODAY + DAY) == first
        assert member.grants.of(CategoryCode.FELLOW).count() == 1

    def test_declining_a_fellowship_one_does_not_hold_is_refused(self):
        with refused(services.ERROR_NOT_A_FELLOW):
            services.decline_fellowship(member=MemberFactory())


class TestSponsors:
    def test_application_waits_for_the_vote_then_admission_starts_a_year(self):
        organisation = services.apply_for_sponsorship(
            name="Acme", level=SponsorOrganisationFactory.build().level
        )
        assert organisation.status == SponsorOrganisation.Status.APPLIED
        services.admit_sponsor(organisation=organisation, admitted=True)
        organisation.refresh_from_db()
        assert organisation.status == SponsorOrganisation.Status.ADMITTED
        term = organisation.terms.get()
        assert (term.starts_on, term.ends_on) == (TODAY, services.one_year_from(TODAY))

    def test_refused_application_cannot_be_admitted_later(self):
        organisation = SponsorOrganisationFactory(status=SponsorOrganisation.Status.APPLIED)
        services.admit_sponsor(organisation=organisation, admitted=False)
        with refused(services.ERROR_SPONSOR_NOT_APPLIED):
            services.admit_sponsor(organisation=organisation, admitted=True)

    def test_delegate_votes_for_the_organisation_until_its_term_ends(self):
        organisation, member = SponsorOrganisationFactory(), MemberFactory()
        delegation = services.name_delegate(organisation=organisation, member=member)
        assert list(delegated_organisations(member)) == [organisation]
        assert delegation.grant.ends == organisation.terms.get().ends_on
        assert CategoryCode.SPONSOR in held(member)

    def test_delegate_beyond_the_levels_seats_is_refused(self):
        organisation = SponsorOrganisationFactory()  # Bronze: one seat
        services.name_delegate(organisation=organisation, member=MemberFactory())
        extra = MemberFactory()
        with refused(services.ERROR_NO_DELEGATE_SEAT):
            services.name_delegate(organisation=organisation, member=extra)
        assert not extra.grants.exists()
        assert organisation.delegates.count() == 1

    def test_an_application_cannot_name_delegates(self):
        organisation = SponsorOrganisationFactory(
            status=SponsorOrganisation.Status.APPLIED, term_starts=None, term_ends=None
        )
        with refused(services.ERROR_SPONSOR_NOT_ADMITTED):
            services.name_delegate(organisation=organisation, member=MemberFactory())


def test_moving_out_of_a_category_ends_the_grant_without_overwriting_it():
    grant = CategoryGrantFactory(ends=None)
    services.end_grant(grant=grant, on=TODAY)
    grant.refresh_from_db()
    assert (grant.starts, grant.ends) == (TODAY - 30 * DAY, TODAY)


def test_overview_shows_each_category_with_its_latest_end():
    member = MemberFactory()
    CategoryGrantFactory(member=member, ends=TODAY + 5 * DAY)
    CategoryGrantFactory(member=member, ends=TODAY + 50 * DAY)
    CategoryGrantFactory(member=member, category=category(CategoryCode.FELLOW), ends=None)
    overview = {row.code: row.ends for row in membership_overview(member)}
    assert overview == {"supporting": TODAY + 50 * DAY, "fellow": None}


class TestWorkingGroupLifecycle:
    def test_chartering_creates_an_active_group_members_can_join(self):
        group = services.charter_working_group(
            name="Packaging", slug="packaging", charter_url="https://example.org/charters/1"
        )
        assert (group.status, group.chartered_on) == (WorkingGroup.Status.ACTIVE, TODAY)
        services.join_working_group(member=MemberFactory(), working_group=group)

    def test_dissolving_a_group_ends_its_members_managing_status(self):
        member, group = MemberFactory(), WorkingGroupFactory()
        services.certify_managing(member=member, working_groups=[group], affirms_hours=True)
        services.dissolve_working_group(working_group=group, on=TODAY + 5 * DAY)
        assert not member.working_group_memberships.current().exists()
        assert CategoryCode.MANAGING not in held(member, on=TODAY + 6 * DAY)
        with refused(services.ERROR_WORKING_GROUP_DISSOLVED):
            services.dissolve_working_group(working_group=group)

    def test_housekeeping_closes_a_place_in_a_dissolved_group_with_its_log_entry(self):
        member, group = MemberFactory(), WorkingGroupFactory()
        services.join_working_group(member=member, working_group=group)
        # Dissolved outside the service (the admin's edit form): its places stay open.
        WorkingGroup.objects.filter(pk=group.pk).update(
            status=WorkingGroup.Status.DISSOLVED, dissolved_on=TODAY + 2 * DAY)

        (place,) = dissolved_group_memberships()
        close_group_membership(place, TODAY + 9 * DAY)

        place.refresh_from_db()
        assert place.left_on == TODAY + 2 * DAY
        assert ModelLogEntry.objects.filter(
            object_id=str(place.pk), action=services.LOG_GROUP_LEAVE).exists()


def test_every_change_writes_a_log_entry_with_its_own_action():
    member = MemberFactory()
    contribution = services.record_contribution(member=member, amount=100, received_on=TODAY)
    organisation = services.apply_for_sponsorship(
        name="Logged Ltd", level=SponsorOrganisationFactory.build().level
    )
    services.admit_sponsor(organisation=organisation, admitted=False)
    assert ModelLogEntry.objects.for_instance(contribution).get().action == (
        services.LOG_CONTRIBUTION
    )
    assert list(
        ModelLogEntry.objects.for_instance(organisation).order_by("pk").values_list(
            "action", flat=True
        )
    ) == [services.LOG_SPONSOR_APPLY, services.LOG_SPONSOR_REFUSE]
