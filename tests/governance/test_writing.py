"""Writing a proposal (issue 21): the entry points, the member's editor, where the author
lands after submitting, and the state their dashboard names."""

import datetime

import pytest
from django.conf import settings
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from governance import lifecycle
from governance.models import ProposalPage, Stage
from governance.page_forms import PROMPT_LEFT, STARTING_TEXT, TEXT_REQUIRED
from tests.factories import UserFactory
from tests.governance.factories import make_charter, make_policy, make_proposal, section

pytestmark = pytest.mark.django_db

BOARD_ONLY_FIELDS = (
    "effective_date", "review_date", "sunset_date", "slug", "seo_title", "search_description",
    "show_in_menus",
)


def add_url(model, parent=None):
    parent = parent or section(Stage.DISCUSSION)
    return reverse("wagtailadmin_pages:add", args=["governance", model, parent.pk])


def new_proposal_data(title="Open the books", body=None, **extra):
    if body is None:
        body = [("paragraph", rich_text("<p>Publish the accounts every quarter.</p>"))]
    return nested_form_data({
        "title": title,
        "summary": "Publish the accounts.",
        "kind": "new_policy",
        "amends": "",
        "discussion_url": "",
        "body": streamfield(body),
        "comments": inline_formset([]),
        **extra,
    })


def submit(data):
    return {**data, "action-submit": "Submit to Publish for discussion"}


# Entry points


def test_the_dashboard_goes_straight_to_each_page_types_editor(client, member):
    client.force_login(member)
    html = client.get(reverse("membership:dashboard")).content.decode()
    for model, label in (("proposalpage", "Write a proposal"),
                         ("charterpage", "Draft a working-group charter")):
        assert f'href="{add_url(model)}">{label}</a>' in html
        assert client.get(add_url(model)).status_code == 200
    assert "its purpose, duration, end goal" in html


def test_the_discussion_section_offers_writing_to_members_only(client, member):
    discussion = section(Stage.DISCUSSION)
    write = f'href="{add_url("proposalpage")}"'
    assert write not in client.get(discussion.url).content.decode()
    client.force_login(UserFactory(username="not-a-member"))
    assert write not in client.get(discussion.url).content.decode()
    client.force_login(member)
    assert write in client.get(discussion.url).content.decode()
    assert "Write a proposal" not in client.get(section(Stage.ACTIVE).url).content.decode()


# The member's editor


@pytest.mark.parametrize("model", ["proposalpage", "charterpage"])
def test_a_member_is_not_shown_the_boards_fields_and_a_director_is(
    client, member, director, model
):
    client.force_login(member)
    html = client.get(add_url(model)).content.decode()
    assert not [name for name in BOARD_ONLY_FIELDS if f'name="{name}"' in html]
    assert "Promote" not in html
    client.force_login(director)
    html = client.get(add_url(model)).content.decode()
    assert all(f'name="{name}"' in html for name in BOARD_ONLY_FIELDS)


def test_a_member_sees_the_text_first_then_co_authors_then_what_it_changes(client, member):
    client.force_login(member)
    html = client.get(add_url("proposalpage")).content.decode()
    order = [html.index(f'id="panel-child-content-{name}-section"')
             for name in ("title", "summary", "body", "co_authors", "what_it_changes")]
    assert order == sorted(order)


def test_a_new_proposal_starts_with_problem_proposal_and_alternatives(client, member):
    client.force_login(member)
    html = client.get(add_url("proposalpage")).content.decode()
    for heading in ("Problem", "Proposal", "Alternatives considered"):
        assert f"&quot;value&quot;: &quot;{heading}&quot;" in html


def test_an_existing_proposal_keeps_its_own_text(client, member):
    page = make_proposal(owner=member, live=False)
    client.force_login(member)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Alternatives considered" not in html and "The text of" in html


def test_a_member_posting_the_boards_fields_by_hand_sets_none_of_them(client, member):
    client.force_login(member)
    data = new_proposal_data(
        effective_date="2030-01-01", review_date="2031-01-01", sunset_date="2032-01-01",
        slug="chosen-by-hand", seo_title="Buy now", search_description="Spam",
    )
    response = client.post(add_url("proposalpage"), data)
    assert response.status_code == 302
    page = ProposalPage.objects.get(title="Open the books")
    assert (page.effective_date, page.review_date, page.sunset_date) == (None, None, None)
    assert (page.slug, page.seo_title, page.search_description) == ("open-the-books", "", "")


def test_a_director_sets_the_register_dates(client, director):
    client.force_login(director)
    data = new_proposal_data(slug="open-the-books", review_date="2031-01-01")
    assert client.post(add_url("proposalpage"), data).status_code == 302
    assert ProposalPage.objects.get(title="Open the books").review_date == datetime.date(2031, 1, 1)


def test_the_text_is_required_to_submit_but_not_to_save_a_draft(client, member):
    client.force_login(member)
    response = client.post(add_url("proposalpage"), submit(new_proposal_data(body=[])))
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [TEXT_REQUIRED]
    assert not ProposalPage.objects.filter(title="Open the books").exists()
    assert client.post(add_url("proposalpage"), new_proposal_data(body=[])).status_code == 302
    assert ProposalPage.objects.filter(title="Open the books", live=False).exists()


def test_the_outlines_questions_must_be_answered_to_submit_but_not_to_save_a_draft(
    client, member
):
    outline = [(kind, rich_text(value) if kind == "paragraph" else value)
               for kind, value in STARTING_TEXT]
    client.force_login(member)
    response = client.post(add_url("proposalpage"), submit(new_proposal_data(body=outline)))
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        PROMPT_LEFT.format(prompt="What is wrong today, and whom does it affect?")
    ]
    assert not ProposalPage.objects.filter(title="Open the books").exists()
    assert client.post(add_url("proposalpage"), new_proposal_data(body=outline)).status_code == 302


def test_a_title_whose_address_is_taken_is_a_form_error_for_a_member(client, member):
    make_policy(title="Open the books")
    client.force_login(member)
    response = client.post(add_url("proposalpage"), new_proposal_data())
    assert response.status_code == 200
    assert "is already used by" in response.content.decode()


# After submitting


def test_a_member_who_submits_lands_on_the_site_told_a_moderator_is_next(client, member):
    client.force_login(member)
    response = client.post(add_url("proposalpage"), submit(new_proposal_data()))
    page = ProposalPage.objects.get(title="Open the books")
    landing = reverse("governance_submitted", args=[page.pk])
    assert response.status_code == 302 and response["Location"] == landing
    html = client.get(landing).content.decode()
    assert "Your proposal awaits a moderator" in html and "“Open the books”" in html
    assert "submitted for moderation" not in html  # the admin's notice is not repeated
    assert f'href="{reverse("membership:dashboard")}"' in html
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in html


def test_an_author_submitting_an_edited_draft_lands_there_too(client, member):
    page = make_proposal(owner=member, title="Open the books", live=False)
    client.force_login(member)
    data = submit(new_proposal_data(slug=page.slug))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response["Location"] == reverse("governance_submitted", args=[page.pk])


def test_a_moderator_who_submits_stays_in_the_admin_to_review(client, moderator):
    client.force_login(moderator)
    response = client.post(add_url("proposalpage"), submit(new_proposal_data()))
    assert response.status_code == 302
    assert "/governance/submitted/" not in response["Location"]


def test_only_the_authors_see_the_landing_page(client, member):
    page = make_proposal(owner=member, live=False)
    lifecycle.submit_for_discussion(page, user=member)
    client.force_login(UserFactory(username="someone-else", groups=["Members"]))
    assert client.get(reverse("governance_submitted", args=[page.pk])).status_code == 404
    policy_section = section(Stage.ACTIVE)
    assert client.get(reverse("governance_submitted", args=[policy_section.pk])).status_code == 404


# The dashboard names each proposal's state


def dashboard(client, user):
    client.force_login(user)
    return " ".join(client.get(reverse("membership:dashboard")).content.decode().split())


def test_the_dashboard_names_drafts_and_submissions(client, member):
    make_proposal(owner=member, title="Still a draft", live=False)
    submitted = make_proposal(owner=member, title="Sent in", live=False)
    lifecycle.submit_for_discussion(submitted, user=member)
    html = dashboard(client, member)
    assert "Still a draft: <span class=\"proposal-state\">a draft</span>" in html
    assert "Sent in: <span class=\"proposal-state\">awaiting a moderator</span>" in html


def test_the_dashboard_dates_a_discussion_and_its_earliest_decision(client, member):
    page = make_proposal(owner=member, title="Being discussed")
    since = timezone.localdate() - datetime.timedelta(days=3)
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime.combine(since, datetime.time(12)))
    )
    earliest = since + datetime.timedelta(days=14)
    html = dashboard(client, member)
    assert (f"in discussion since {since:%-d %B %Y} · earliest decision {earliest:%-d %B %Y}"
            in html)


def test_the_dashboard_names_resolution_adoption_and_why_archived(client, member, director):
    in_resolution = make_proposal(owner=member, title="Being decided")
    lifecycle.move_to_resolution(in_resolution, user=director)
    rejected = make_proposal(owner=member, title="Turned down")
    lifecycle.move_to_resolution(rejected, user=director)
    lifecycle.reject(rejected, user=director, reason="Out of scope.")
    make_policy(owner=member, title="Now a policy")
    make_charter(Stage.ACTIVE, owner=member, title="Packaging group")
    html = dashboard(client, member)
    assert "Being decided</a>: <span class=\"proposal-state\">in resolution</span>" in html
    assert "Now a policy</a>: <span class=\"proposal-state\">adopted</span>" in html
    assert "Packaging group</a>: <span class=\"proposal-state\">adopted</span>" in html
    assert ("Turned down</a>: <span class=\"proposal-state\">archived: Rejected by the Board."
            in html)


def one_of_each_state(member, director, number):
    make_proposal(owner=member, title=f"Draft {number}", live=False)
    sent = make_proposal(owner=member, title=f"Sent {number}", live=False)
    lifecycle.submit_for_discussion(sent, user=member)
    make_proposal(owner=member, title=f"Discussed {number}")
    archived = make_proposal(owner=member, title=f"Archived {number}")
    lifecycle.move_to_resolution(archived, user=director)
    lifecycle.reject(archived, user=director, reason="No.")
    make_charter(Stage.ACTIVE, owner=member, title=f"Charter {number}")


def test_the_dashboards_proposals_take_as_many_queries_at_any_size(
    client, member, director, django_assert_num_queries
):
    client.force_login(member)
    url = reverse("membership:dashboard")
    one_of_each_state(member, director, 1)
    client.get(url)
    reset_queries()  # the log keeps 9,000 queries: the set-up above may have filled it
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    queries = len(five)
    one_of_each_state(member, director, 2)
    client.get(url)
    reset_queries()
    with django_assert_num_queries(queries):
        assert client.get(url).content.decode().count('class="proposal-state"') == 10


# The admin's avatar


def test_the_admin_shows_its_own_avatar_not_gravatars(client, member):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client.force_login(member)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html and "default-user-avatar" in html
