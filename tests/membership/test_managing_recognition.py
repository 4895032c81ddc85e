"""Managing Members are recognised each year (new-membership-model.md, "Managing Members"):
a public roll per year of those who agreed to be listed, and a line on their dashboard."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.privacy import close_account
from membership import services
from membership.errors import MembershipError
from membership.forms import ERROR_RECOGNITION_YEAR
from membership.models import CategoryCode, ManagingRecognition
from membership.selectors import managing_roll, managing_years
from membership.views import MESSAGE_LISTED, MESSAGE_UNLISTED
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    WorkingGroupFactory,
    category,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
LAST_YEAR = THIS_YEAR - 1
DAY = datetime.timedelta(days=1)


def managing(member=None, starts=None, ends=None):
    """A Managing grant, by default from 1 March last year for a year."""
    starts = starts or datetime.date(LAST_YEAR, 3, 1)
    return CategoryGrantFactory(
        member=member or MemberFactory(), category=category(CategoryCode.MANAGING),
        starts=starts, ends=ends or services.one_year_from(starts),
    ).member


def listed(member, year):
    services.set_managing_recognition(member=member, year=year, listed=True)
    return member


def refused(message):
    return pytest.raises(MembershipError, match=message)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestManagingYears:
    def test_each_calendar_year_held_on_any_day_counts_up_to_this_one(self):
        member = managing(starts=datetime.date(LAST_YEAR - 1, 12, 31),
                          ends=datetime.date(THIS_YEAR + 1, 1, 1))
        assert managing_years(member) == [LAST_YEAR - 1, LAST_YEAR, THIS_YEAR]

    def test_a_grant_that_has_not_started_yet_does_not_count(self):
        member = managing(starts=TODAY + DAY, ends=TODAY + 30 * DAY)
        assert managing_years(member) == []

    def test_a_board_seat_counts_as_managing(self):
        member = MemberFactory()
        services.record_board_seat(
            member=member, starts=datetime.date(LAST_YEAR, 6, 1),
            ends=datetime.date(LAST_YEAR, 8, 1),
        )
        assert managing_years(member) == [LAST_YEAR]

    def test_other_categories_do_not_count(self):
        member = CategoryGrantFactory().member  # Supporting
        assert managing_years(member) == []


class TestOptIn:
    def test_a_member_managing_in_a_year_can_be_listed_and_it_is_logged(self):
        member = listed(managing(), LAST_YEAR)
        assert list(member.managing_recognitions.values_list("year", flat=True)) == [LAST_YEAR]
        assert ModelLogEntry.objects.filter(
            action=services.LOG_RECOGNITION_LIST, object_id=str(member.pk)
        ).exists()

    def test_listing_twice_keeps_one_entry_and_withdrawing_removes_it(self):
        member = listed(listed(managing(), LAST_YEAR), LAST_YEAR)
        assert member.managing_recognitions.count() == 1
        services.set_managing_recognition(member=member, year=LAST_YEAR, listed=False)
        assert not member.managing_recognitions.exists()

    @pytest.mark.parametrize("year", [LAST_YEAR - 1, THIS_YEAR + 1, 0, -5, 99999])
    def test_a_year_the_member_was_not_managing_is_refused_and_nothing_saved(self, year):
        member = managing()
        with refused(services.ERROR_NOT_MANAGING_THAT_YEAR.format(year=year)):
            services.set_managing_recognition(member=member, year=year, listed=True)
        assert not ManagingRecognition.objects.exists()

    def test_a_managing_grant_that_starts_later_this_year_is_not_yet_a_year_held(self):
        member = managing(starts=TODAY + DAY)
        if (TODAY + DAY).year != THIS_YEAR:
            pytest.skip("today is the last day of the year")
        with refused(services.ERROR_NOT_MANAGING_THAT_YEAR.format(year=THIS_YEAR)):
            services.set_managing_recognition(member=member, year=THIS_YEAR, listed=True)


class TestRoll:
    def test_roll_names_those_listed_with_their_working_groups_that_year(self, client):
        group, later_group = WorkingGroupFactory(name="Infrastructure"), WorkingGroupFactory(
            name="Packaging"
        )
        ada = listed(managing(MemberFactory(name="Ada Listed")), LAST_YEAR)
        group.memberships.create(member=ada, joined_on=datetime.date(LAST_YEAR, 3, 1),
                                 left_on=datetime.date(LAST_YEAR, 5, 1))
        later_group.memberships.create(member=ada, joined_on=datetime.date(THIS_YEAR, 1, 1))
        managing(MemberFactory(name="Quiet Member"))  # managing, never asked to be listed
        html = client.get(f"/membership/managing-members/{LAST_YEAR}/").content.decode()
        assert f"Managing Members {LAST_YEAR}" in html
        assert "Ada Listed" in html and "Infrastructure" in html
        assert "Packaging" not in html  # joined the year after
        assert "Quiet Member" not in html

    def test_a_member_listed_for_another_year_is_not_on_this_years_roll(self):
        member = managing(starts=datetime.date(LAST_YEAR, 3, 1))
        listed(member, THIS_YEAR)
        assert managing_roll(LAST_YEAR) == []
        assert [entry.name for entry in managing_roll(THIS_YEAR)] == [member.name]

    def test_a_board_member_is_shown_as_serving_on_the_board(self):
        member = MemberFactory(name="Dana Board")
        services.record_board_seat(member=member, starts=datetime.date(LAST_YEAR, 1, 1),
                                   ends=datetime.date(LAST_YEAR, 12, 31))
        listed(member, LAST_YEAR)
        entry, = managing_roll(LAST_YEAR)
        assert entry.on_the_board and entry.working_groups == []

    def test_a_closed_account_leaves_the_roll(self):
        member = listed(managing(), LAST_YEAR)
        close_account(member.user)
        assert managing_roll(LAST_YEAR) == []

    def test_index_lists_the_years_with_a_roll_and_the_membership_page_links_it(self, client):
        listed(managing(), LAST_YEAR)
        html = client.get("/membership/managing-members/").content.decode()
        assert f'href="/membership/managing-members/{LAST_YEAR}/"' in html
        assert f"/membership/managing-members/{THIS_YEAR}/" not in html
        assert 'href="/membership/managing-members/"' in client.get("/membership/").content.decode()

    def test_a_year_in_range_with_nobody_listed_says_so(self, client):
        managing()
        response = client.get(f"/membership/managing-members/{LAST_YEAR}/")
        assert response.status_code == 200
        assert "has asked to be listed yet" in response.content.decode()

    @pytest.mark.parametrize("year", [
        "abc", "²", "2026.0", "-1", "0", str(LAST_YEAR - 1), str(THIS_YEAR + 1),
        "9" * 30,
    ])
    def test_a_year_that_is_not_a_number_or_out_of_range_is_not_found(self, client, year):
        listed(managing(), LAST_YEAR)
        assert client.get(f"/membership/managing-members/{year}/").status_code == 404

    def test_no_roll_at_all_before_anyone_was_managing(self, client):
        assert client.get(f"/membership/managing-members/{THIS_YEAR}/").status_code == 404


def fill_roll(count, prefix):
    groups = [WorkingGroupFactory(), WorkingGroupFactory()]
    for number in range(count):
        member = listed(managing(MemberFactory(name=f"{prefix} {number}")), LAST_YEAR)
        for group in groups:
            group.memberships.create(member=member, joined_on=datetime.date(LAST_YEAR, 3, 1))


@pytest.mark.parametrize("count", [3, 30])
def test_the_roll_needs_the_same_few_queries_for_3_and_30_members(
    client, count, django_assert_max_num_queries
):
    fill_roll(count, "Listed")
    client.get(f"/membership/managing-members/{LAST_YEAR}/")  # warm the site caches
    with django_assert_max_num_queries(4):
        response = client.get(f"/membership/managing-members/{LAST_YEAR}/")
    assert response.content.decode().count("Listed ") == count


class TestDashboard:
    def test_dashboard_says_which_years_the_member_was_managing(self, client, member):
        managing(member.member, starts=datetime.date(LAST_YEAR, 3, 1))
        client.force_login(member)
        html = client.get("/members/").content.decode()
        assert f"Managing Member in {LAST_YEAR}, {THIS_YEAR}." in html
        assert f"List me on the {LAST_YEAR} roll" in html

    def test_a_member_never_managing_sees_no_recognition_line(self, client, member):
        client.force_login(member)
        assert "Managing Member in" not in client.get("/members/").content.decode()

    def test_member_opts_in_and_out_from_the_dashboard(self, client, member):
        managing(member.member)
        client.force_login(member)
        response = client.post("/members/managing/recognition/",
                               {"year": LAST_YEAR, "listed": "on"}, follow=True)
        assert MESSAGE_LISTED.format(year=LAST_YEAR) in messages_of(response)
        assert f"Take me off the {LAST_YEAR} roll" in response.content.decode()
        response = client.post("/members/managing/recognition/", {"year": LAST_YEAR}, follow=True)
        assert MESSAGE_UNLISTED.format(year=LAST_YEAR) in messages_of(response)
        assert not ManagingRecognition.objects.exists()

    def test_opting_in_for_a_year_not_managing_shows_a_message_and_saves_nothing(
        self, client, member
    ):
        managing(member.member)
        client.force_login(member)
        response = client.post("/members/managing/recognition/",
                               {"year": LAST_YEAR - 3, "listed": "on"}, follow=True)
        assert services.ERROR_NOT_MANAGING_THAT_YEAR.format(year=LAST_YEAR - 3) in messages_of(
            response
        )
        assert not ManagingRecognition.objects.exists()

    @pytest.mark.parametrize("year", ["", "abc", "²", "99999999999999999999999", "1e3"])
    def test_a_year_that_is_not_a_year_shows_a_message_never_an_error(
        self, client, member, year
    ):
        client.force_login(member)
        response = client.post("/members/managing/recognition/",
                               {"year": year, "listed": "on"}, follow=True)
        assert response.status_code == 200
        assert ERROR_RECOGNITION_YEAR in messages_of(response)
        assert not ManagingRecognition.objects.exists()

    def test_anonymous_visitors_cannot_opt_anyone_in(self, client):
        member = managing()
        response = client.post(
            "/members/managing/recognition/", {"year": LAST_YEAR, "listed": "on"}
        )
        assert response.status_code == 302 and "/accounts/login/" in response.url
        assert not member.managing_recognitions.exists()
