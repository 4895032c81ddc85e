"""Staff admin: snippets for the words, modeladmin listings with search, filters and exports."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from membership import services
from membership.admin_views import MESSAGE_PAYMENTS_IMPORTED
from membership.models import (
    CategoryCode,
    Contribution,
    SponsorDelegate,
    SponsorLevel,
    SponsorOrganisation,
)
from tests.membership.factories import (
    CategoryGrantFactory,
    MemberFactory,
    SponsorOrganisationFactory,
    category,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_categories_and_sponsor_levels_are_snippets(staff_client):
    html = staff_client.get("/admin/snippets/membership/membershipcategory/").content.decode()
    assert "Supporting Member" in html
    level = SponsorLevel.objects.get(name="Gold")
    response = staff_client.get(f"/admin/snippets/membership/sponsorlevel/edit/{level.pk}/")
    assert response.status_code == 200


def test_members_are_searchable_by_name_and_email(staff_client):
    MemberFactory(name="Ada Lovelace", user__email="ada@example.org")
    MemberFactory(name="Bob Builder", user__email="bob@example.org")
    by_name = staff_client.get("/admin/membership/member/?q=Lovelace").content.decode()
    by_email = staff_client.get("/admin/membership/member/?q=bob@example").content.decode()
    assert "Ada Lovelace" in by_name and "Bob Builder" not in by_name
    assert "Bob Builder" in by_email and "Ada Lovelace" not in by_email


def test_members_filter_by_category_held(staff_client):
    fellow = CategoryGrantFactory(category=category(CategoryCode.FELLOW), ends=None).member
    other = MemberFactory()
    html = staff_client.get("/admin/membership/member/?category=fellow").content.decode()
    assert fellow.name in html and other.name not in html


def test_grants_filter_by_expiry_and_export_as_csv(staff_client):
    soon = CategoryGrantFactory(ends=TODAY + datetime.timedelta(days=10))
    later = CategoryGrantFactory(ends=TODAY + datetime.timedelta(days=200))
    response = staff_client.get("/admin/membership/categorygrant/?expiry=30&export=csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else (
        response.content.decode()
    )
    assert soon.member.name in body and later.member.name not in body
    assert soon.member.user.email in body


def test_contributions_export_as_xlsx(staff_client):
    services.record_contribution(member=MemberFactory(name="Xl Person"), amount=150,
                                 received_on=TODAY)
    response = staff_client.get("/admin/membership/contribution/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Xl Person" in values


def test_staff_record_a_contribution_in_the_admin_through_the_service(staff_client):
    member = MemberFactory()
    response = staff_client.post("/admin/membership/contribution/create/", {
        "member": member.pk, "amount": "100", "received_on": TODAY.isoformat(), "reference": "",
        "organisation": "",
    })
    assert response.status_code == 302
    assert Contribution.objects.get().grant.category.code == CategoryCode.SUPPORTING


def test_admin_refuses_a_contribution_for_an_organisation(staff_client):
    member = MemberFactory()
    response = staff_client.post("/admin/membership/contribution/create/", {
        "member": member.pk, "amount": "100", "received_on": TODAY.isoformat(), "reference": "",
        "organisation": "Acme Corp",
    })
    assert response.status_code == 200
    assert "Only natural persons can be Supporting Members" in response.content.decode()
    assert not Contribution.objects.exists()


def test_admin_refuses_a_delegate_beyond_the_seats(staff_client):
    organisation = SponsorOrganisationFactory()
    services.name_delegate(organisation=organisation, member=MemberFactory())
    response = staff_client.post("/admin/membership/sponsordelegate/create/", {
        "organisation": organisation.pk, "member": MemberFactory().pk,
    })
    assert response.status_code == 200
    assert services.ERROR_NO_DELEGATE_SEAT in response.content.decode()
    assert SponsorDelegate.objects.count() == 1


def test_staff_sponsor_application_waits_for_the_vote(staff_client):
    staff_client.post("/admin/membership/sponsororganisation/create/", {
        "name": "Acme", "website": "", "level": SponsorLevel.objects.get(name="Gold").pk,
        "contact_email": "",
    })
    assert SponsorOrganisation.objects.get(name="Acme").status == SponsorOrganisation.Status.APPLIED


def test_payment_import_view_records_a_good_file(staff_client):
    MemberFactory(user__email="ada@example.org")
    upload = SimpleUploadedFile("payments.csv", f"email,amount,date\nada@example.org,100,{TODAY}\n"
                                .encode())
    response = staff_client.post("/admin/membership/import-payments/", {"file": upload},
                                 follow=True)
    assert MESSAGE_PAYMENTS_IMPORTED.format(count=1) in response.content.decode()
    assert Contribution.objects.count() == 1


def test_payment_import_view_lists_the_bad_lines_and_saves_nothing(staff_client):
    MemberFactory(user__email="ada@example.org")
    upload = SimpleUploadedFile("payments.csv", (
        f"email,amount,date\nada@example.org,100,{TODAY}\nada@example.org,-1,{TODAY}\n"
    ).encode())
    response = staff_client.post("/admin/membership/import-payments/", {"file": upload})
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Line 3: " + services.ERROR_AMOUNT_NOT_POSITIVE in html
    assert not Contribution.objects.exists()


def test_members_cannot_reach_the_payment_import(client, member):
    client.force_login(member)
    assert client.get("/admin/membership/import-payments/").status_code in (302, 403)
