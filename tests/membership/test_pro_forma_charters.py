"""Pro-forma charters (new-membership-model.md, "Managing Members"): work in another community
organisation, such as the Plone Foundation or NumFOCUS, qualifies a member as Managing once the
Board approves a short charter, as a working group does."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from membership import housekeeping, services
from membership.forms import ERROR_LINK_NOT_HTTPS, ERROR_ORGANISATION_MISSING, ERROR_ROLE_MISSING
from membership.models import CategoryCode, CategoryGrant, ProFormaCharter, WorkingGroup
from membership.selectors import categories_held
from membership.views import MESSAGE_PRO_FORMA_SUBMITTED
from tests.browser import browser_logged_in_as, cells_in, csrf_token_in
from tests.membership.factories import MemberFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PLONE = {
    "organisation": "Plone Foundation", "role": "Board member",
    "link": "https://plone.org/foundation/members", "affirms_hours": True,
}
ADMIN_URL = "/admin/membership/pro-forma-charters/"


def submit(member, on=None, **fields):
    return services.submit_pro_forma_charter(member=member, on=on, **{**PLONE, **fields})


def approve(charter, reviewer, on=None):
    return services.decide_pro_forma_charter(
        charter=charter, reviewer=reviewer, approved=True, reason="Minutes of 3 March.", on=on
    )


def is_managing(member, on=TODAY):
    return categories_held(member, on=on).filter(code=CategoryCode.MANAGING).exists()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestReview:
    def test_a_submitted_charter_waits_and_does_not_qualify_yet(self):
        member = MemberFactory()
        charter = submit(member)
        assert charter.status == ProFormaCharter.Status.SUBMITTED
        assert not is_managing(member)
        with pytest.raises(ValidationError):
            services.certify_managing(member=member, working_groups=[], affirms_hours=True)

    def test_approval_makes_the_member_managing_for_a_year(self, director):
        member = MemberFactory()
        charter = approve(submit(member), director)
        assert charter.ends == services.one_year_from(TODAY)
        assert is_managing(member) and is_managing(member, on=charter.ends)
        assert not is_managing(member, on=charter.ends + DAY)
        entry = ModelLogEntry.objects.get(action=services.LOG_PRO_FORMA_APPROVE)
        assert entry.user == director and entry.data["reason"] == "Minutes of 3 March."

    def test_an_approved_charter_qualifies_recertifying_without_a_working_group(self, director):
        member = MemberFactory()
        approve(submit(member), director, on=TODAY - 100 * DAY)
        certification = services.certify_managing(
            member=member, working_groups=[], affirms_hours=True
        )
        assert certification.grant.ends == services.one_year_from(TODAY)

    def test_a_refused_charter_does_not_qualify_and_keeps_its_reason(self, director):
        member = MemberFactory()
        charter = services.decide_pro_forma_charter(
            charter=submit(member), reviewer=director, approved=False,
            reason="The link does not show the role.",
        )
        assert charter.status == ProFormaCharter.Status.REFUSED and charter.ends is None
        assert not is_managing(member)
        with pytest.raises(ValidationError, match="pro-forma charter approved"):
            services.certify_managing(member=member, working_groups=[], affirms_hours=True)

    @pytest.mark.parametrize("reviewer", ["member", "moderator", "officer"])
    def test_only_a_director_decides(self, reviewer, request):
        charter = submit(MemberFactory())
        with pytest.raises(PermissionDenied, match=services.ERROR_NOT_A_REVIEWER):
            approve(charter, request.getfixturevalue(reviewer))
        charter.refresh_from_db()
        assert charter.status == ProFormaCharter.Status.SUBMITTED

    def test_a_director_cannot_approve_their_own_charter(self, director):
        charter = submit(director.member)
        with pytest.raises(PermissionDenied, match=services.ERROR_OWN_PRO_FORMA):
            approve(charter, director)
        charter.refresh_from_db()
        assert charter.status == ProFormaCharter.Status.SUBMITTED

    def test_a_decision_needs_a_reason_and_is_made_once(self, director):
        charter = submit(MemberFactory())
        with pytest.raises(ValidationError, match=services.ERROR_NO_REASON):
            services.decide_pro_forma_charter(
                charter=charter, reviewer=director, approved=True, reason="  "
            )
        approve(charter, director)
        with pytest.raises(ValidationError, match=services.ERROR_PRO_FORMA_DECIDED):
            services.decide_pro_forma_charter(
                charter=charter, reviewer=director, approved=False, reason="Changed our mind."
            )
        assert CategoryGrant.objects.of(CategoryCode.MANAGING).filter(
            member=charter.member
        ).count() == 1

    def test_a_second_waiting_charter_for_the_same_organisation_is_refused(self):
        member = MemberFactory()
        submit(member)
        with pytest.raises(ValidationError, match="already waiting"):
            submit(member, organisation="plone foundation")
        assert ProFormaCharter.objects.count() == 1


class TestYearlyRule:
    @pytest.mark.parametrize("approved_on, last_day", [
        (datetime.date(2023, 3, 1), datetime.date(2024, 2, 29)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
        (datetime.date(2025, 6, 15), datetime.date(2026, 6, 14)),
    ])
    def test_a_charter_is_in_force_until_the_day_before_its_anniversary(
        self, director, approved_on, last_day
    ):
        member = MemberFactory()
        charter = approve(submit(member, on=approved_on), director, on=approved_on)
        assert charter.ends == last_day
        assert ProFormaCharter.objects.in_force(last_day).filter(pk=charter.pk).exists()
        assert not ProFormaCharter.objects.in_force(last_day + DAY).exists()
        assert is_managing(member, on=last_day) and not is_managing(member, on=last_day + DAY)

    def test_managing_ends_when_the_charter_lapses_even_after_recertifying(self, director):
        member = MemberFactory()
        charter = approve(submit(member, on=TODAY), director, on=TODAY)
        services.certify_managing(
            member=member, working_groups=[], affirms_hours=True, on=TODAY + 100 * DAY
        )
        assert is_managing(member, on=charter.ends + DAY)  # the recertification runs on
        done = housekeeping.run(on=charter.ends + DAY)
        assert done["managing ended with a pro-forma charter"] == 1
        assert not is_managing(member, on=charter.ends + DAY)
        assert is_managing(member, on=charter.ends)
        again = housekeeping.run(on=charter.ends + 2 * DAY)
        assert again["managing ended with a pro-forma charter"] == 0

    def test_a_working_group_keeps_managing_after_the_charter_lapses(self, director):
        member = MemberFactory()
        charter = approve(submit(member), director)
        services.certify_managing(
            member=member, working_groups=[WorkingGroupFactory()], affirms_hours=True,
            on=TODAY + 100 * DAY,
        )
        housekeeping.run(on=charter.ends + DAY)
        assert is_managing(member, on=charter.ends + DAY)


class TestOnePlaceDecidesManaging:
    def test_leaving_the_last_group_keeps_managing_while_a_charter_is_in_force(self, director):
        member, group = MemberFactory(), WorkingGroupFactory()
        services.certify_managing(member=member, working_groups=[group], affirms_hours=True)
        approve(submit(member), director)
        services.leave_working_group(member=member, working_group=group, on=TODAY + 10 * DAY)
        assert is_managing(member, on=TODAY + 11 * DAY)

    def test_a_dissolved_group_keeps_managing_while_a_charter_is_in_force(self, director):
        member, group = MemberFactory(), WorkingGroupFactory()
        services.certify_managing(member=member, working_groups=[group], affirms_hours=True)
        approve(submit(member), director)
        group.status, group.dissolved_on = WorkingGroup.Status.DISSOLVED, TODAY
        group.save()
        housekeeping.run(on=TODAY)
        assert not member.working_group_memberships.current().exists()
        assert is_managing(member, on=TODAY + DAY)


class TestMemberForm:
    def test_member_submits_from_the_dashboard_and_sees_it_waiting(self, client, member):
        client.force_login(member)
        response = client.post("/members/managing/pro-forma-charter/",
                               {**PLONE, "affirms_hours": "on"}, follow=True)
        assert MESSAGE_PRO_FORMA_SUBMITTED in messages_of(response)
        assert "Plone Foundation" in response.content.decode()
        assert "Waiting for the Board&#x27;s review" in response.content.decode()
        assert member.member.pro_forma_charters.waiting().count() == 1

    @pytest.mark.parametrize("missing, message", [
        ("organisation", ERROR_ORGANISATION_MISSING), ("role", ERROR_ROLE_MISSING),
    ])
    def test_a_charter_without_organisation_or_role_is_a_form_error(
        self, client, member, missing, message
    ):
        client.force_login(member)
        data = {**PLONE, "affirms_hours": "on", missing: "   "}
        response = client.post("/members/managing/pro-forma-charter/", data)
        assert response.status_code == 200
        assert message.replace('"', "&quot;") in response.content.decode()
        assert not ProFormaCharter.objects.exists()

    @pytest.mark.parametrize("link", [
        "http://plone.org/foundation", "javascript:alert(1)", "not a link at all",
        "ftp://plone.org/", "https://", "",
    ])
    def test_a_link_that_is_not_https_is_a_form_error(self, client, member, link):
        client.force_login(member)
        data = {**PLONE, "affirms_hours": "on", "link": link}
        response = client.post("/members/managing/pro-forma-charter/", data)
        assert response.status_code == 200
        assert ERROR_LINK_NOT_HTTPS in response.content.decode()
        assert not ProFormaCharter.objects.exists()

    def test_an_over_long_organisation_is_a_form_error_not_a_crash(self, client, member):
        client.force_login(member)
        data = {**PLONE, "affirms_hours": "on", "organisation": "x" * 151}
        assert client.post("/members/managing/pro-forma-charter/", data).status_code == 200
        assert not ProFormaCharter.objects.exists()

    def test_the_service_refuses_a_link_that_is_not_https(self):
        with pytest.raises(ValidationError):
            submit(MemberFactory(), link="http://plone.org/foundation")
        assert not ProFormaCharter.objects.exists()


class TestAdminReview:
    def test_a_director_approves_with_a_reason_on_the_review_screen(self, client, director):
        charter = submit(MemberFactory(name="Pat Plone"))
        client.force_login(director)
        assert "Pat Plone" in client.get(ADMIN_URL).content.decode()
        response = client.post(ADMIN_URL, {
            "charter": charter.pk, "decision": "approve", "reason": "Board meeting, 3 March.",
        }, follow=True)
        assert "is approved" in " ".join(messages_of(response))
        charter.refresh_from_db()
        assert charter.status == ProFormaCharter.Status.APPROVED
        assert charter.decided_by == director and is_managing(charter.member)

    def test_the_screen_lists_waiting_and_decided_charters_and_its_forms_decide(self, director):
        waiting = submit(MemberFactory(name="Pat Plone"))
        decided = submit(MemberFactory(name="Ada Zope"), organisation="Zope Foundation")
        charter_end = approve(decided, director).ends
        browser = browser_logged_in_as(director)
        page = browser.get(ADMIN_URL).content.decode()
        today = f"{TODAY:%-d %B %Y}"
        assert cells_in(page)[:3] == [
            "Pat Plone", f"Plone Foundation: Board member {PLONE['link']}", today,
        ]
        assert cells_in(page)[4:] == [
            "Ada Zope", "Zope Foundation", f"Approved on {today} by {director.get_full_name()}, "
            f"in force until {charter_end:%-d %B %Y}", "Minutes of 3 March.",
        ]
        browser.post(ADMIN_URL, {
            "charter": waiting.pk, "decision": "refuse", "reason": "Not a community role.",
            "csrfmiddlewaretoken": csrf_token_in(page),
        })
        waiting.refresh_from_db()
        assert waiting.status == ProFormaCharter.Status.REFUSED

    def test_a_refusal_without_a_reason_changes_nothing(self, client, director):
        charter = submit(MemberFactory())
        client.force_login(director)
        response = client.post(ADMIN_URL, {"charter": charter.pk, "decision": "refuse"})
        assert response.status_code == 200
        assert services.ERROR_NO_REASON in " ".join(messages_of(response))
        charter.refresh_from_db()
        assert charter.status == ProFormaCharter.Status.SUBMITTED

    @pytest.mark.parametrize("fields", [
        {"charter": "abc", "decision": "approve", "reason": "r"},
        {"charter": "9" * 30, "decision": "approve", "reason": "r"},
        {"charter": "1", "decision": "bogus", "reason": "r"},
        {},
    ])
    def test_hand_made_posts_answer_without_an_error(self, client, director, fields):
        client.force_login(director)
        assert client.post(ADMIN_URL, fields).status_code == 200

    def test_an_unknown_charter_is_not_found(self, client, director):
        client.force_login(director)
        response = client.post(ADMIN_URL, {"charter": 99999, "decision": "approve", "reason": "r"})
        assert response.status_code == 404

    @pytest.mark.parametrize("role", ["member", "moderator", "officer"])
    def test_only_directors_see_or_use_the_review_screen(self, client, role, request):
        charter = submit(MemberFactory(name="Pat Plone"))
        client.force_login(request.getfixturevalue(role))
        assert client.get(ADMIN_URL).status_code in (302, 403)
        response = client.post(ADMIN_URL, {
            "charter": charter.pk, "decision": "approve", "reason": "r",
        })
        assert response.status_code in (302, 403)
        charter.refresh_from_db()
        assert charter.status == ProFormaCharter.Status.SUBMITTED
