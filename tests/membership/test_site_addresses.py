"""Membership's e-mails give addresses on the default Site's root URL."""

import datetime

import pytest
from django.utils import timezone

from core.models import OutgoingEmail
from membership.housekeeping import send_renewal_reminder
from tests.membership.factories import CategoryGrantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_at_example_org")]


def test_a_renewal_reminder_links_the_members_page_on_the_site_root_url():
    grant = CategoryGrantFactory(ends=timezone.localdate() + datetime.timedelta(days=30))
    assert send_renewal_reminder(grant)
    (reminder,) = OutgoingEmail.objects.values_list("body", flat=True)
    assert "https://example.org/members/\n" in reminder
