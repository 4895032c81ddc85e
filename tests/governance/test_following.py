"""Following proposals and sections, and what followers are told (issue 21, "Being told")."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingEmail
from governance import following, lifecycle
from governance.models import Follow, Notice, Stage
from governance.views import PREFERENCES_SAVED
from home import privacy
from membership.models import Delivery, NotificationPreferences
from tests.factories import UserFactory
from tests.governance.factories import discussed_long_ago, make_proposal, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(db):
    return UserFactory(username="follower", groups=["Members"])


@pytest.fixture
def bystander(db):
    return UserFactory(username="bystander", groups=["Members"])


@pytest.fixture
def proposal(author):
    page = make_proposal(Stage.DISCUSSION, owner=author, title="Open the books")
    discussed_long_ago(page)
    return page


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step as its own committed transaction, so its e-mail is sent; the addresses."""
    def run(step, *args, **kwargs):
        # What earlier steps queued, uncommitted in the test, is not this step's.
        OutgoingEmail.objects.update(sent_at=timezone.now())
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(*args, **kwargs)
        return sorted(message.to[0] for message in mail.outbox)
    return run


def test_followers_are_told_and_nobody_else(proposal, follower, bystander, director, committed):
    following.follow(proposal, follower)
    following.follow(proposal, director)
    told = committed(lifecycle.move_to_resolution, proposal, user=director)
    # The author follows their own proposal; the Director acted; the bystander follows nothing.
    assert told == ["author@example.org", "follower@example.org"]
    message = next(m for m in mail.outbox if m.to == ["follower@example.org"])
    assert message.subject == "[Governance] “Open the books” moved to resolution"
    proposal.refresh_from_db()
    assert f"It is now at http://127.0.0.1:8000{proposal.url}\n" in message.body
    assert "http://127.0.0.1:8000/members/notifications/" in message.body


def test_a_sections_followers_hear_of_a_proposal_arriving(proposal, follower, director, committed):
    following.follow(section(Stage.RESOLUTION), follower)
    assert "follower@example.org" in committed(
        lifecycle.move_to_resolution, proposal, user=director
    )


def test_a_sections_followers_hear_of_a_proposal_opened_for_discussion(
    author, moderator, follower, committed
):
    following.follow(section(Stage.DISCUSSION), follower)
    draft = make_proposal(owner=author, live=False, title="Open the books")
    lifecycle.submit_for_discussion(draft, user=author)
    told = committed(draft.current_workflow_task_state.approve, user=moderator)
    opened = [m for m in mail.outbox if "opened for discussion" in m.subject]
    # The author, who submitted it, has Wagtail's own e-mail about the approval instead.
    assert [message.to for message in opened] == [["follower@example.org"]]
    assert "author@example.org" in told


def test_decisions_and_votes_opened_are_told(proposal, follower, director, committed):
    following.follow(proposal, follower)
    lifecycle.move_to_resolution(proposal, user=director)
    assert "follower@example.org" in committed(
        lifecycle.refer_to_member_vote, proposal, user=director
    )
    [told] = [m.subject for m in mail.outbox if m.to == ["follower@example.org"]]
    assert "binding vote" in told


def test_a_kind_turned_off_is_not_told(proposal, follower, director, committed):
    following.follow(proposal, follower)
    NotificationPreferences.objects.create(user=follower, stage=False)
    assert "follower@example.org" not in committed(
        lifecycle.move_to_resolution, proposal, user=director)
    assert "follower@example.org" in committed(
        lifecycle.adopt, proposal, user=director, notes="Adopted at the March meeting")


def test_an_author_who_chose_a_digest_gets_no_single_mail(proposal, author, director, committed):
    NotificationPreferences.objects.create(user=author, delivery=Delivery.DAILY)
    assert "author@example.org" not in committed(
        lifecycle.move_to_resolution, proposal, user=director
    )
    assert Notice.objects.get(member=author).text == "“Open the books” was moved to resolution"


def digest_mails():
    return [message for message in mail.outbox if "digest" in message.subject]


def test_a_daily_digest_is_sent_the_next_day_once(proposal, follower, director, committed):
    following.follow(proposal, follower)
    NotificationPreferences.objects.create(user=follower, delivery=Delivery.DAILY)
    lifecycle.move_to_resolution(proposal, user=director)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    morning = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(6)))
    committed(following.send_digests, on=today, now=timezone.now())
    assert digest_mails() == []
    committed(following.send_digests, on=tomorrow, now=morning)
    [digest] = digest_mails()
    assert digest.to == ["follower@example.org"]
    assert "“Open the books” was moved to resolution" in digest.body
    proposal.refresh_from_db()
    assert f"http://127.0.0.1:8000{proposal.url}\n" in digest.body
    committed(following.send_digests, on=tomorrow, now=morning + datetime.timedelta(hours=1))
    assert digest_mails() == []


def test_a_weekly_digest_waits_for_monday(proposal, follower, director, committed):
    following.follow(proposal, follower)
    NotificationPreferences.objects.create(user=follower, delivery=Delivery.WEEKLY)
    lifecycle.move_to_resolution(proposal, user=director)
    Notice.objects.update(created_at=timezone.make_aware(datetime.datetime(2027, 3, 2, 12)))
    tuesday, sunday, monday = (datetime.date(2027, 3, day) for day in (2, 7, 8))
    for day in (tuesday, sunday):
        committed(following.send_digests, on=day, now=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(23))))
        assert digest_mails() == []
    committed(following.send_digests, on=monday, now=timezone.make_aware(
        datetime.datetime.combine(monday, datetime.time(1))))
    assert [message.to for message in digest_mails()] == [["follower@example.org"]]


def test_follow_and_unfollow_from_the_page(proposal, follower, client):
    client.force_login(follower)
    page = client.get(proposal.url)
    assert "Follow this proposal" in page.text
    client.post(reverse("governance_follow", args=[proposal.pk]), {"follow": "yes"})
    assert Follow.objects.filter(member=follower, page=proposal).exists()
    assert "Stop following" in client.get(proposal.url).text
    client.post(reverse("governance_follow", args=[proposal.pk]), {"follow": "no"})
    assert not Follow.objects.exists()


def test_a_members_button_is_never_served_to_a_visitor(proposal, follower, client, page_cache_on):
    following.follow(proposal, follower)
    client.force_login(follower)
    assert "Stop following" in client.get(proposal.url).text
    client.logout()
    client.cookies.clear()
    for _visit in range(2):
        text = client.get(proposal.url).text
        assert "Stop following" not in text and "Follow this proposal" not in text


def test_a_section_page_offers_the_button(follower, client):
    client.force_login(follower)
    assert "Follow this section" in client.get(section(Stage.DISCUSSION).url).text


def test_the_preferences_page_saves_and_lists_only_ones_own_follows(
    proposal, follower, bystander, client
):
    following.follow(proposal, follower)
    following.follow(section(Stage.ACTIVE), bystander)
    client.force_login(follower)
    page = client.get(reverse("notification_preferences"))
    assert "Open the books" in page.text and "Active policies" not in page.text
    response = client.post(reverse("notification_preferences"), {
        "stage": "on", "vote_reminder": "on", "delivery": Delivery.WEEKLY,
    }, follow=True)
    assert PREFERENCES_SAVED in response.text
    prefs = NotificationPreferences.objects.get(user=follower)
    assert (prefs.stage, prefs.decision, prefs.vote_opened, prefs.delivery) == (
        True, False, False, Delivery.WEEKLY)


def test_a_bad_delivery_is_a_form_error(follower, client):
    client.force_login(follower)
    response = client.post(reverse("notification_preferences"), {"delivery": "hourly"})
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not NotificationPreferences.objects.exists()


def test_another_members_follow_is_a_404(proposal, follower, bystander, client):
    theirs = following.follow(proposal, bystander)
    client.force_login(follower)
    response = client.post(reverse("governance_stop_following", args=[theirs.pk]))
    assert response.status_code == 404
    assert Follow.objects.filter(pk=theirs.pk).exists()


def test_the_preferences_page_is_for_members_only(client):
    assert client.get(reverse("notification_preferences")).status_code == 302
    client.force_login(UserFactory(username="staff-only"))
    assert client.get(reverse("notification_preferences")).status_code == 404


def test_the_follow_list_reads_in_flat_queries(follower, client, django_assert_max_num_queries):
    client.force_login(follower)
    client.get(reverse("notification_preferences"))
    counts = []
    for size in (2, 12):
        for _ in range(size - Follow.objects.count()):
            following.follow(make_proposal(Stage.DISCUSSION), follower)
        with django_assert_max_num_queries(30) as queries:
            client.get(reverse("notification_preferences"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_follows_and_preferences_are_downloaded_and_forgotten(proposal, member):
    following.follow(proposal, member)
    NotificationPreferences.objects.create(user=member, delivery=Delivery.DAILY)
    data = privacy.personal_data(member)
    assert data["following"][0]["page"] == "Open the books"
    assert data["notification_preferences"]["delivery"] == Delivery.DAILY
    privacy.close_account(member)
    assert not Follow.objects.filter(member=member).exists()
    assert not NotificationPreferences.objects.filter(user=member).exists()
