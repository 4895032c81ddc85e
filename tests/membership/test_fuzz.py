"""Fuzzing the membership forms: sign-up, profile, recertification, a pro-forma charter, the
Managing Members roll, contributions, CSV import."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from membership.models import (
    CategoryCode,
    Certification,
    Contribution,
    ManagingRecognition,
    Member,
    ProFormaCharter,
    SponsorOrganisation,
    WorkingGroupMembership,
)
from membership.services import one_year_from
from tests.factories import UserFactory
from tests.fuzzing import (
    fields_of,
    form_data,
    hostile_text,
    identifier,
    post_and_check,
    redirected,
    said,
)
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    WorkingGroupFactory,
    category,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_sign_up_answers_any_input_calmly(client):
    fields = ["email", "password1", "password2", "name", "country", "agrees_to_code_of_conduct"]

    @given(data=form_data(fields))
    def run(data):
        post_and_check(client, "/accounts/signup/", data, models=(User, Member),
                       accepted=redirected)

    run()


def test_the_profile_form_answers_any_input_calmly(client):
    member = MemberFactory(name="Kept Name")
    client.force_login(member.user)

    @given(data=form_data(["name", "country", "declines_supporter_gifts"]))
    def run(data):
        response = post_and_check(client, "/members/profile/", data, models=(Member,),
                                  accepted=redirected)
        if not redirected(response):
            member.refresh_from_db()
            assert member.name == "Kept Name"

    run()


def test_recertification_answers_any_input_calmly(client):
    member = MemberFactory()
    WorkingGroupFactory()
    client.force_login(member.user)

    @given(managing=form_data(["working_groups", "affirms_hours"]),
           contributing=form_data(["projects", "affirms_hours"]))
    def run(managing, contributing):
        post_and_check(client, "/members/managing/", managing,
                       models=(Certification, WorkingGroupMembership), accepted=redirected)
        post_and_check(client, "/members/contributing/", contributing,
                       models=(Certification,), accepted=redirected)

    run()


def test_the_pro_forma_charter_form_answers_any_input_calmly(client):
    member = MemberFactory()
    client.force_login(member.user)

    @given(data=form_data(["organisation", "role", "link", "affirms_hours"]))
    def run(data):
        post_and_check(client, "/members/managing/pro-forma-charter/", data,
                       models=(ProFormaCharter,), accepted=redirected)

    run()


def test_the_managing_members_roll_opt_in_answers_any_input_calmly(client):
    """A member Managing from 1 March last year, listed on last year's roll."""
    last_year = timezone.localdate().year - 1
    starts = datetime.date(last_year, 3, 1)
    member = CategoryGrantFactory(
        category=category(CategoryCode.MANAGING), starts=starts, ends=one_year_from(starts),
    ).member
    ManagingRecognition.objects.create(member=member, year=last_year)
    years = st.one_of(st.integers(last_year - 1, last_year + 2).map(str), identifier.map(str),
                      hostile_text)
    client.force_login(member.user)

    @given(data=fields_of({"year": years, "listed": hostile_text}))
    def run(data):
        # The opt-in always goes back to the dashboard: a change is its message.
        post_and_check(client, "/members/managing/recognition/", data,
                       models=(ManagingRecognition,), accepted=said(" roll."))

    run()


def test_the_sponsor_application_answers_any_input_calmly(client):
    @given(data=form_data(["name", "website", "level", "contact_email"]))
    def run(data):
        post_and_check(client, "/membership/sponsors/apply/", data,
                       models=(SponsorOrganisation,), accepted=redirected)

    run()


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_recording_a_contribution_answers_any_input_calmly(client, staff):
    MemberFactory()

    @given(data=form_data(["member", "amount", "received_on", "reference", "organisation"]))
    def run(data):
        post_and_check(client, "/admin/membership/contribution/create/", data,
                       models=(Contribution,), accepted=redirected)

    run()


csv_cell = st.one_of(hostile_text, st.sampled_from(["member@example.org", "25.00", "2026-01-31"]))
csv_text = st.lists(st.lists(csv_cell, max_size=4), max_size=6).map(
    lambda rows: "email,amount,date\n" + "\n".join(",".join(row) for row in rows)
)


def test_the_payment_import_answers_any_file_calmly(client, staff):
    @given(content=st.one_of(csv_text.map(str.encode), st.binary(max_size=300)))
    def run(content):
        upload = SimpleUploadedFile("payments.csv", content, content_type="text/csv")
        post_and_check(client, "/admin/membership/import-payments/", {"file": upload},
                       models=(Contribution,), accepted=redirected)

    run()
