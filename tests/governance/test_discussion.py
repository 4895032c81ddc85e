"""The discussion on a proposal: members comment and reply, moderators hide, anyone reports."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from core.page_cache import purge_paths
from governance import lifecycle, services
from governance.models import COMMENT_MAX_LENGTH, FORMER_MEMBER, Comment, CommentReport
from home.privacy import close_account
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def comment_url(page):
    return reverse("governance_comment", args=[page.pk])


def action_url(name, comment):
    return reverse(f"governance_{name}", args=[comment.pk])


@pytest.fixture
def comment(discussed, member):
    return services.post_comment(
        discussed, author=member, text="We should publish the accounts monthly."
    )


# The rules, in the service.


def test_a_reply_to_a_reply_joins_the_thread_of_its_first_comment(discussed, comment, author):
    reply = services.post_comment(
        discussed, author=author, text="Quarterly is enough.", reply_to=comment
    )
    answer = services.post_comment(discussed, author=comment.author, text="Why?", reply_to=reply)
    assert (reply.reply_to, answer.reply_to) == (comment, comment)


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_comment_is_refused(discussed, member, text):
    with pytest.raises(services.DiscussionError, match=services.EMPTY_COMMENT):
        services.post_comment(discussed, author=member, text=text)
    assert not Comment.objects.exists()


def test_a_comment_over_the_cap_is_refused(discussed, member):
    with pytest.raises(services.DiscussionError, match="at most"):
        services.post_comment(discussed, author=member, text="x" * (COMMENT_MAX_LENGTH + 1))
    assert not Comment.objects.exists()


def test_a_comment_after_the_proposal_left_discussion_is_refused(in_resolution, member):
    with pytest.raises(services.DiscussionError, match="no longer in discussion"):
        services.post_comment(in_resolution, author=member, text="Too late?")
    assert not Comment.objects.exists()


def test_a_reply_to_a_hidden_comment_is_refused(discussed, comment, moderator, author):
    services.hide_comment(comment, moderator=moderator, reason="Personal attack")
    with pytest.raises(services.DiscussionError, match=services.REPLY_TO_HIDDEN):
        services.post_comment(discussed, author=author, text="But…", reply_to=comment)
    assert Comment.objects.count() == 1


def test_a_non_member_cannot_comment(discussed):
    with pytest.raises(PermissionDenied):
        services.post_comment(discussed, author=UserFactory(username="outsider"), text="Hello")
    assert not Comment.objects.exists()


def test_only_a_moderator_hides_and_a_reason_is_required(comment, author, moderator):
    with pytest.raises(PermissionDenied):
        services.hide_comment(comment, moderator=author, reason="I dislike it")
    with pytest.raises(services.DiscussionError, match=services.HIDING_NEEDS_REASON):
        services.hide_comment(comment, moderator=moderator, reason="  ")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_reporting_your_own_comment_is_refused(comment):
    with pytest.raises(services.DiscussionError, match=services.REPORT_OWN_COMMENT):
        services.report_comment(comment, reporter=comment.author, reason="Oops")
    assert not CommentReport.objects.exists()


def test_a_report_is_stored_and_the_moderators_are_emailed_once(
    comment, author, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_comment(comment, reporter=author, reason="Insulting")
        services.report_comment(comment, reporter=author, reason="Insulting again")
    assert CommentReport.objects.get().reason == "Insulting"
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "publish the accounts monthly" in mail.outbox[0].body
    assert "Insulting" in mail.outbox[0].body
    assert f"/governance/discussion/comments/{comment.pk}/hide/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body


# Through the pages.


def test_a_member_comments_and_reads_the_thread_with_the_authors_marked(
    client, discussed, member, author
):
    client.force_login(member)
    response = client.post(comment_url(discussed), {"text": "Monthly accounts, please."})
    comment = Comment.objects.get()
    assert response["Location"] == f"{discussed.url}#comment-{comment.pk}"
    services.post_comment(discussed, author=author, text="Agreed.", reply_to=comment)
    page = client.get(discussed.url).content.decode()
    assert "Your comment is posted." in page
    assert "Monthly accounts, please." in page and "Agreed." in page
    assert page.count('class="comment__badge">Author<') == 1


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_comment_through_the_form_shows_the_error(client, discussed, member, text):
    client.force_login(member)
    response = client.post(comment_url(discussed), {"text": text})
    assert response.status_code == 200
    assert services.EMPTY_COMMENT in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_on_a_closed_discussion_through_the_form_shows_the_error(
    client, in_resolution, member
):
    client.force_login(member)
    response = client.post(comment_url(in_resolution), {"text": "Late"})
    assert "no longer in discussion" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_a_hidden_comment_through_the_form_shows_the_error(
    client, comment, moderator, author
):
    services.hide_comment(comment, moderator=moderator, reason="Off topic")
    client.force_login(author)
    response = client.post(action_url("reply_to_comment", comment), {"text": "But"})
    assert services.REPLY_TO_HIDDEN in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_report_of_your_own_comment_through_the_form_shows_the_error(client, comment):
    client.force_login(comment.author)
    response = client.post(action_url("report_comment", comment), {"reason": "x"})
    assert services.REPORT_OWN_COMMENT in response.content.decode()
    assert not CommentReport.objects.exists()


def test_the_reporter_sees_a_confirmation(client, comment, author):
    client.force_login(author)
    response = client.post(action_url("report_comment", comment), {"reason": "Rude"}, follow=True)
    assert "the moderators are told" in response.content.decode()
    assert CommentReport.objects.filter(reporter=author).exists()


def test_a_hidden_comment_shows_the_moderators_reason_in_its_place(
    client, discussed, comment, moderator, member
):
    client.force_login(moderator)
    client.post(action_url("hide_comment", comment), {"reason": "Personal attack"})
    client.force_login(member)
    page = client.get(discussed.url).content.decode()
    assert "Hidden by a moderator: Personal attack" in page
    assert "publish the accounts monthly" not in page


def test_a_member_who_is_not_a_moderator_cannot_open_the_hiding_form(client, comment, author):
    client.force_login(author)
    assert client.get(action_url("hide_comment", comment)).status_code == 403
    assert client.post(action_url("hide_comment", comment), {"reason": "x"}).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_a_visitor_is_sent_to_log_in_and_sees_no_comment(client, discussed, comment):
    page = client.get(discussed.url).content.decode()
    assert "1 comment so far" in page and "Log in" in page
    assert "publish the accounts monthly" not in page
    response = client.post(comment_url(discussed), {"text": "Hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 1


def test_a_signed_in_non_member_cannot_read_or_post(client, discussed, comment):
    client.force_login(UserFactory(username="outsider"))
    page = client.get(discussed.url).content.decode()
    assert "publish the accounts monthly" not in page and "Become a member" in page
    assert client.post(comment_url(discussed), {"text": "Hi"}).status_code == 403
    assert Comment.objects.count() == 1


def test_the_thread_is_read_only_but_readable_once_the_proposal_leaves_discussion(
    client, discussed, comment, director, member
):
    lifecycle.move_to_resolution(discussed, user=director)
    client.force_login(member)
    page = client.get(discussed.url).content.decode()
    assert "publish the accounts monthly" in page and "The discussion closed" in page
    assert 'name="text"' not in page and "Reply</a>" not in page


@pytest.mark.parametrize("path", [
    "/governance/discussion/99999999999999999999999/comment/",
    "/governance/discussion/comments/99999999999999999999999/reply/",
    "/governance/discussion/comments/424242/hide/",
])
def test_hand_made_ids_are_404(client, member, discussed, path):
    client.force_login(member)
    assert client.post(path, {"text": "x", "reason": "x"}).status_code == 404


def test_html_in_a_comment_is_shown_escaped(client, discussed, member):
    services.post_comment(discussed, author=member, text="<script>alert('x')</script>")
    client.force_login(member)
    page = client.get(discussed.url).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_comment_without_a_csrf_token_is_refused(discussed, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(comment_url(discussed), {"text": "Forged"}).status_code == 403
    assert not Comment.objects.exists()


def test_a_huge_comment_through_the_form_is_refused(client, discussed, member):
    client.force_login(member)
    response = client.post(comment_url(discussed), {"text": "x" * 1_000_000})
    assert response.status_code == 200 and "at most" in response.content.decode()
    assert not Comment.objects.exists()


def test_commenting_is_rate_limited(client, discussed, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "2/m"}
    client.force_login(member)
    for number in range(2):
        client.post(comment_url(discussed), {"text": f"Comment {number}"})
    assert client.post(comment_url(discussed), {"text": "One too many"}).status_code == 429
    assert Comment.objects.count() == 2


# Caching: nobody is served another's discussion.


def test_a_new_comment_refreshes_the_visitors_cached_page(
    client, discussed, member, django_capture_on_commit_callbacks, page_cache_on
):
    client.get(discussed.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(discussed, author=member, text="Fresh")
    response = client.get(discussed.url)
    assert response["X-Page-Cache"] == "miss" and "1 comment so far" in response.content.decode()


def test_no_one_is_served_another_users_discussion(
    client, discussed, comment, member, moderator, page_cache_on
):
    client.force_login(moderator)
    as_moderator = client.get(discussed.url).content.decode()
    assert "/hide/" in as_moderator and 'name="text"' in as_moderator
    client.force_login(member)
    as_member = client.get(discussed.url).content.decode()
    assert "/hide/" not in as_member
    client.logout()
    client.cookies["sessionid"] = "expired"  # passed by the page cache, served fragments
    as_visitor = client.get(discussed.url).content.decode()
    del client.cookies["sessionid"]
    as_anonymous = client.get(discussed.url).content.decode()
    for page in (as_visitor, as_anonymous):
        assert "publish the accounts monthly" not in page
        assert "/hide/" not in page and 'name="text"' not in page
        assert "csrfmiddlewaretoken" not in page


# Privacy.


def test_comments_are_in_the_members_data_download(client, comment):
    client.force_login(comment.author)
    data = json.loads(client.get("/members/data.json").content)
    assert [row["text"] for row in data["discussion_comments"]] == [comment.text]


def test_a_closed_accounts_comments_stay_signed_a_former_member(
    client, discussed, comment, author
):
    name = comment.author_name
    close_account(comment.author)
    client.force_login(author)
    page = client.get(discussed.url).content.decode()
    assert "publish the accounts monthly" in page and FORMER_MEMBER in page
    assert name not in page


# Query counts.


def add_comments(page, numbers):
    """A comment for each even number and a reply to it for each odd one, as the database
    holds them (bulk_create bypasses the service, which purges the page)."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"voice-{n}", password=make_password(None)) for n in numbers
    )
    threads = Comment.objects.bulk_create(
        Comment(page=page, author=user, text=f"Comment {n}")
        for n, user in zip(numbers[::2], users[::2], strict=True)
    )
    Comment.objects.bulk_create(
        Comment(page=page, author=user, text=f"Reply {n}", reply_to=thread)
        for n, user, thread in zip(numbers[1::2], users[1::2], threads, strict=False)
    )
    purge_paths([page.url])


@pytest.mark.parametrize("viewer", ["visitor", "member", "moderator"])
def test_a_page_with_500_comments_runs_the_queries_of_one_with_5(
    client, discussed, viewer, request, django_assert_num_queries, django_assert_max_num_queries
):
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))
    add_comments(discussed, range(5))
    client.get(discussed.url)
    purge_paths([discussed.url])
    with django_assert_max_num_queries(60) as captured:
        response = client.get(discussed.url)
    assert ("Reply 3" in response.content.decode()) == (viewer != "visitor")
    add_comments(discussed, range(5, 500))
    with django_assert_num_queries(len(captured)):
        response = client.get(discussed.url)
    assert ("Reply 498" in response.content.decode()) == (viewer != "visitor")
    assert Comment.objects.count() == 500
