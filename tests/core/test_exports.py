"""CSV exports neutralise formulas, and a Director exports the audit log for a date range."""

import csv
import io

import pytest
from django.utils import timezone

from governance import lifecycle
from governance.models import Stage
from membership.services import record_contribution
from tests.factories import UserFactory
from tests.governance.factories import make_proposal
from tests.membership.factories import MemberFactory

pytestmark = pytest.mark.django_db

HOSTILE = "=cmd|' /C calc'!A0"


def rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("value", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)"])
def test_member_names_that_look_like_formulas_are_exported_as_text(staff_client, value):
    MemberFactory(name=value)

    exported = rows(staff_client.get("/admin/membership/member/?export=csv"))

    cells = [cell for row in exported for cell in row]
    assert f"'{value}" in cells
    assert value not in cells


def test_contribution_references_are_neutralised_too(staff_client):
    member = MemberFactory()
    record_contribution(member=member, amount=100, received_on=timezone.localdate(),
                        reference=HOSTILE)

    exported = rows(staff_client.get("/admin/membership/contribution/?export=csv"))

    assert f"'{HOSTILE}" in [cell for row in exported for cell in row]


def test_a_director_exports_the_audit_log_for_a_date_range(client, director):
    proposal = make_proposal(Stage.DISCUSSION, title="Audited proposal")
    lifecycle.move_to_resolution(proposal, user=director)
    client.force_login(director)
    today = timezone.localdate().isoformat()

    response = client.get("/admin/reports/site-history/", {
        "timestamp_from": today, "timestamp_to": today, "export": "csv",
    })

    exported = rows(response)
    assert exported[0][:3] == ["ID", "Name", "Type"]
    moved = [row for row in exported if row[1] == "Audited proposal" and "resolution" in row[3]]
    assert moved and moved[0][4] == director.get_full_name()


def test_the_audit_log_for_an_earlier_range_leaves_today_out(client, director):
    proposal = make_proposal(Stage.DISCUSSION, title="Audited proposal")
    lifecycle.move_to_resolution(proposal, user=director)
    client.force_login(director)

    response = client.get("/admin/reports/site-history/", {
        "timestamp_from": "2020-01-01", "timestamp_to": "2020-12-31", "export": "csv",
    })

    assert len(rows(response)) == 1
