"""Members get the parts of a public page everyone sees alike from the cache, never stale."""

import pytest
from django.template import Template, TemplateSyntaxError
from django.test import RequestFactory

from governance import lifecycle, services
from governance.models import Position
from membership.models import MembershipCategory
from tests.cache_reads import record_cache_reads
from tests.governance.factories import make_policy, make_proposal
from tests.queries import get_with_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

ACTIVE = "/governance/active-policies/"


def queries_for(client, path):
    response, queries = get_with_queries(client, path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_member_gets_the_policy_text_from_the_cache_and_their_own_links_fresh(client, member):
    policy = make_policy(title="Grants policy")
    client.force_login(member)
    first, _html = queries_for(client, policy.url)
    second, html = queries_for(client, policy.url)
    assert second < first
    assert "Grants policy" in html and "The text of Grants policy." in html
    assert "Dashboard" in html and "Log out" in html


def test_a_visitor_the_page_cache_passes_by_does_not_see_a_members_links(client, member):
    policy = make_policy()
    client.force_login(member)
    client.get(policy.url)
    client.logout()
    client.cookies["sessionid"] = "expired"
    html = client.get(policy.url).content.decode()
    assert "Log out" not in html and "Log in" in html


def test_a_change_to_the_page_reaches_members_at_once(
    client, member, director, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(proposal, user=director)
    proposal.refresh_from_db()
    client.force_login(member)
    client.get(proposal.url)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.declare_conflict(proposal, user=director, reason="I chair the grantee.")
    assert "I chair the grantee." in client.get(proposal.url).content.decode()


def test_a_visitor_the_page_cache_passes_by_sees_a_new_stance_at_once(
    passed_by, member, django_capture_on_commit_callbacks
):
    client = passed_by
    proposal = make_proposal()
    agreed = '<span>Agree</span> <strong>{}</strong>'
    assert agreed.format(0) in client.get(proposal.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_stance(proposal, user=member, position=Position.AGREE)
    html = client.get(proposal.url).content.decode()
    assert agreed.format(1) in html
    assert "Log in</a> as a member to record your stance" in html


def test_a_listing_is_cached_per_filter_and_page(client, member):
    make_policy(title="Grants policy")
    make_policy(title="Travel policy")
    client.force_login(member)
    client.get(ACTIVE)
    filtered = client.get(ACTIVE + "?q=travel").content.decode()
    assert "Travel policy" in filtered and "Grants policy" not in filtered
    assert "Grants policy" in client.get(ACTIVE).content.decode()


def test_a_preview_of_a_draft_never_shows_the_cached_text(client, member):
    policy = make_policy(title="Grants policy")
    client.force_login(member)
    # A preview is rendered at the page's own URL on the site's host.
    assert client.get(policy.url, HTTP_HOST="localhost").status_code == 200
    policy.title = "Grants policy, as redrafted"
    editor_request = RequestFactory().get(policy.url)
    editor_request.user = member
    preview = policy.make_preview_request(original_request=editor_request)
    assert "<h1>Grants policy, as redrafted</h1>" in preview.content.decode()


def test_the_membership_page_shows_a_renamed_category_at_once(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.get("/membership/")
    category = MembershipCategory.objects.first()
    category.name = "Renamed category"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()
    assert "Renamed category" in client.get("/membership/").content.decode()


def fragment_names(keys):
    return [key.rsplit(":", 1)[1] for key in keys if ":fragment:" in key]


def test_every_fragment_of_a_page_is_read_in_one_round_trip(client, member, monkeypatch):
    policy = make_policy()
    client.force_login(member)
    client.get(policy.url)
    reads = record_cache_reads(monkeypatch)
    assert "The text of" in client.get(policy.url).content.decode()
    fragment_reads = [fragment_names(keys) for _name, keys in reads if fragment_names(keys)]
    assert len(fragment_reads) == 1 and {"summary", "history"} <= set(fragment_reads[0])


def test_a_fragment_takes_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load page_fragments %}{% public_fragment name %}{% endpublic_fragment %}")
