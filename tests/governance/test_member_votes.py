"""Member votes on governance subjects: the referral opens the ballot, its close decides."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from governance import lifecycle, member_votes
from governance.models import Kind, Resolution, Stage
from membership.models import SponsorLevel, SponsorOrganisation
from membership.services import apply_for_sponsorship
from tests.browser import browser_logged_in_as, cells_in, csrf_token_in
from tests.governance.conftest import vote
from tests.governance.factories import make_policy, make_proposal
from voting import services as voting_services
from voting.models import Ballot, OutcomeStatus, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(in_resolution, director, voters):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    return in_resolution


def ballot_about(subject):
    return Ballot.objects.about(subject).get()


def test_referral_opens_a_binding_ballot_on_the_pinned_revision(referred, voters):
    resolution = referred.resolutions.get(outcome=Resolution.Outcome.PENDING)
    ballot = ballot_about(resolution)
    assert ballot.status == Ballot.Status.OPEN
    assert ballot.roll.count() == len(voters)
    assert f"revision {resolution.revision_id}" in ballot.description
    assert all(question.binding for question in ballot.questions.all())


def test_a_passed_vote_adopts_the_proposal(referred, voters):
    ballot = ballot_about(referred.resolutions.get())
    vote(ballot, voters[:2], "Yes")
    vote(ballot, voters[2:], "No")
    voting_services.close_ballot(ballot)
    referred.refresh_from_db()
    assert referred.get_parent().specific.stage == Stage.ACTIVE
    resolution = referred.resolutions.get()
    assert resolution.outcome == Resolution.Outcome.ADOPTED
    assert resolution.method == Resolution.Method.MEMBER_VOTE


def test_a_failed_vote_archives_the_proposal(referred, voters):
    ballot = ballot_about(referred.resolutions.get())
    vote(ballot, voters[:1], "Yes")
    vote(ballot, voters[1:], "No")
    voting_services.close_ballot(ballot)
    referred.refresh_from_db()
    assert referred.get_parent().specific.stage == Stage.ARCHIVED
    assert referred.resolutions.get().outcome == Resolution.Outcome.REJECTED


def test_referral_without_a_voting_period_is_refused_and_changes_nothing(
    in_resolution, director, voting_period
):
    voting_period.delete()
    with pytest.raises(lifecycle.TransitionError, match="no voting period"):
        lifecycle.refer_to_member_vote(in_resolution, user=director)
    resolution = in_resolution.resolutions.get()
    assert resolution.method == Resolution.Method.BOARD
    assert not Ballot.objects.exists()


@pytest.fixture
def application():
    return apply_for_sponsorship(
        name="Snake Oil Inc.", level=SponsorLevel.objects.order_by("yearly_fee").first()
    )


def test_members_admit_a_sponsor_by_vote(application, director, voters):
    ballot = member_votes.refer_sponsor_application(application, director)
    vote(ballot, voters, "Yes")
    voting_services.close_ballot(ballot)
    application.refresh_from_db()
    assert application.status == SponsorOrganisation.Status.ADMITTED
    assert application.terms.covering(timezone.localdate()).exists()


def test_members_refuse_a_sponsor_by_vote(application, director, voters):
    ballot = member_votes.refer_sponsor_application(application, director)
    vote(ballot, voters, "No")
    voting_services.close_ballot(ballot)
    application.refresh_from_db()
    assert application.status == SponsorOrganisation.Status.REFUSED


def test_a_member_cannot_send_an_application_to_a_vote(application, member):
    with pytest.raises(PermissionDenied):
        member_votes.refer_sponsor_application(application, member)
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


ADMIN = "/admin/governance/sponsor-applications/"


def test_director_sends_an_application_to_a_vote_from_the_admin(
    client, application, director, voters
):
    client.force_login(director)
    assert "Snake Oil Inc." in client.get(ADMIN).content.decode()
    response = client.post(ADMIN, {"organisation": application.pk}, follow=True)
    assert "is now a member vote" in response.content.decode()
    assert Ballot.objects.about(application).get().status == Ballot.Status.OPEN


def test_the_listing_shows_each_application_and_its_form_sends_it_to_a_vote(
    application, director, voters
):
    browser = browser_logged_in_as(director)
    page = browser.get(ADMIN).content.decode()
    assert cells_in(page) == ["Snake Oil Inc.", str(application.level), "Send to member vote"]
    token = csrf_token_in(page)
    browser.post(ADMIN, {"organisation": application.pk, "csrfmiddlewaretoken": token})
    ballot = Ballot.objects.about(application).get()
    closes = f"{timezone.localtime(ballot.closes_at):%-d %B %Y %H:%M}"
    assert cells_in(browser.get(ADMIN).content.decode())[2] == f"Open, closes {closes}"


def test_member_cannot_reach_the_sponsor_applications_admin(client, application, member):
    client.force_login(member)
    assert client.get(ADMIN).status_code == 403
    assert client.post(ADMIN, {"organisation": application.pk}).status_code == 403
    assert not Ballot.objects.exists()


def test_the_proposal_page_links_to_its_member_vote(client, referred):
    ballot = ballot_about(referred.resolutions.get())
    html = client.get(referred.url).content.decode()
    assert f'href="/vote/{ballot.pk}/results/"' in html


def test_the_director_who_sends_an_application_to_a_vote_is_its_actor_in_the_audit_log(
    application, director, voters
):
    ballot = member_votes.refer_sponsor_application(application, director)

    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Ballot), object_id=str(ballot.pk)
    ).values_list("action", "user")
    assert set(entries) == {("wagtail.create", director.pk), ("voting.ballot.open", director.pk)}


@pytest.fixture
def blocked(author, director, voters):
    """A referred amendment whose policy is retired while the members vote on it."""
    policy = make_policy(title="Travel grants")
    amendment = make_proposal(
        owner=author, title="Bigger travel grants", kind=Kind.AMENDMENT, amends=policy
    )
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.refer_to_member_vote(amendment, user=director)
    lifecycle.retire(policy, user=director, reason="Replaced by the grants programme")
    return amendment


def test_a_vote_whose_proposal_cannot_move_still_closes_and_tells_the_directors(
    blocked, voters, director, django_capture_on_commit_callbacks
):
    ballot = ballot_about(blocked.resolutions.get())
    vote(ballot, voters, "Yes")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voting_services.close_ballot(ballot, user=director)
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    assert ballot.questions.get().result.took_part == len(voters)
    assert ballot.outcome_status == OutcomeStatus.NOT_APPLIED
    assert lifecycle.AMENDS_RETIRED in ballot.outcome_note
    blocked.refresh_from_db()
    assert blocked.get_parent().specific.stage == Stage.RESOLUTION
    assert blocked.resolutions.get().outcome == Resolution.Outcome.PENDING
    [report] = [m for m in mail.outbox if "not applied" in m.subject]
    assert director.email in report.to and lifecycle.AMENDS_RETIRED in report.body


def _make_due(ballot, opened_days_ago):
    now = timezone.now()
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=now - datetime.timedelta(days=opened_days_ago),
        closes_at=now - datetime.timedelta(minutes=1),
    )


def test_housekeeping_closes_every_due_ballot_and_sends_mail_when_an_outcome_fails(
    blocked, voters, application, director
):
    proposal_ballot = ballot_about(blocked.resolutions.get())
    sponsor_ballot = member_votes.refer_sponsor_application(application, director)
    vote(proposal_ballot, voters, "Yes")
    vote(sponsor_ballot, voters, "No")
    # The blocked proposal's ballot opened last, so housekeeping meets it first.
    _make_due(proposal_ballot, opened_days_ago=1)
    _make_due(sponsor_ballot, opened_days_ago=2)
    mail.outbox.clear()
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 failure"):
        call_command("housekeeping", "--inline", stdout=out, stderr=err)

    assert "voting: ballots_closed: 2" in out.getvalue()
    failure = f"housekeeping: FAILED voting: ballot {proposal_ballot.pk} “{proposal_ballot}”: "
    assert failure in err.getvalue() and lifecycle.AMENDS_RETIRED in err.getvalue()
    application.refresh_from_db()
    assert application.status == SponsorOrganisation.Status.REFUSED
    assert {ballot.status for ballot in Ballot.objects.all()} == {Ballot.Status.CLOSED}
    assert any("not applied" in m.subject and director.email in m.to for m in mail.outbox)
