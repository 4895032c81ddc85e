"""The read API and the JSON Feed: governance pages, public fields, never a count."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from governance import lifecycle
from governance.models import REGISTER_PATH, Kind, ProposalPage, SectionPage, Stage
from tests.factories import UserFactory
from tests.governance.factories import make_charter, make_policy, make_proposal, section

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
# Field names a ballot's results would travel under (project issue 17).
FORBIDDEN = re.compile(r"\b(count|counts|votes|tally|tallies|turnout|results)\b", re.IGNORECASE)


def api(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_api_lists_only_governance_pages(client):
    make_policy(title="Listed policy")
    listed = api(client, PAGES, limit=100)["items"]
    types = {item["meta"]["type"] for item in listed}
    assert types <= {"governance.SectionPage", "governance.ProposalPage", "governance.CharterPage"}
    assert "Listed policy" in {item["title"] for item in listed}


def test_api_detail_shows_stage_dates_resolution_and_amendments(client, director):
    policy = make_policy(title="Grants", review_date="2031-01-01")
    amendment = make_proposal(title="More grants", kind=Kind.AMENDMENT, amends=policy)
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.declare_conflict(amendment, user=director, reason="Conflicted")
    second = UserFactory(username="second-director", groups=["Members", "Directors"])
    lifecycle.adopt(amendment, user=second, minutes_url="https://example.org/m")
    detail = api(client, f"{PAGES}{policy.pk}/")
    assert detail["stage"] == Stage.ACTIVE and detail["review_date"] == "2031-01-01"
    assert detail["amendments"][0]["proposal_title"] == "More grants"
    archived = api(client, f"{PAGES}{amendment.pk}/")
    assert archived["stage"] == Stage.ARCHIVED
    assert archived["amends"] == {"id": policy.pk, "title": "Grants"}
    assert archived["resolutions"][0]["outcome"] == "adopted"
    assert archived["resolutions"][0]["minutes_url"] == "https://example.org/m"
    assert archived["recusals"][0]["reason"] == "Conflicted"


def test_api_exposes_only_the_allow_listed_fields(client):
    charter = make_charter(Stage.ACTIVE, title="Docs group")
    fields = set(api(client, f"{PAGES}{charter.pk}/"))
    assert {"stage", "purpose", "resolutions", "amendments", "effective_on"} <= fields
    assert not fields & {"owner", "co_authors", "stances", "conflicts", "latest_revision"}


def test_api_for_a_draft_is_404(client):
    draft = make_proposal(title="Draft", live=False)
    assert client.get(f"{PAGES}{draft.pk}/").status_code == 404


def test_api_for_a_private_page_is_404(client):
    private = make_proposal(title="Board only")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Directors"))
    assert client.get(f"{PAGES}{private.pk}/").status_code == 404
    listed = api(client, PAGES, limit=100)["items"]
    assert private.pk not in {item["id"] for item in listed}


def test_api_for_a_page_outside_governance_is_404(client):
    home = Page.objects.get(depth=2)
    assert client.get(f"{PAGES}{home.pk}/").status_code == 404
    assert client.get(PAGES, {"type": "home.HomePage"}).json()["items"] == []


def test_json_feed_sits_beside_the_atom_feed(client):
    make_proposal(title="Feed me too")
    listing = client.get(section(Stage.DISCUSSION).url).content.decode()
    assert 'type="application/feed+json"' in listing
    response = client.get("/governance/proposals-for-discussion/feed.json")
    assert response["Content-Type"] == "application/feed+json"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][0]["title"] == "Feed me too"
    assert feed["items"][0]["url"].endswith("/governance/proposals-for-discussion/feed-me-too/")


def test_both_feeds_list_a_page_placed_live_without_publication_dates(client):
    discussion = section(Stage.DISCUSSION)
    discussion.add_child(instance=ProposalPage(title="Imported", summary="Imported.", live=True))
    item = client.get("/governance/proposals-for-discussion/feed.json").json()["items"][0]
    assert item["title"] == "Imported" and "date_published" not in item
    assert "<title>Imported</title>" in client.get(discussion.url + "feed/").content.decode()


def public_paths(client):
    """Every API endpoint, listing and feed, and the register."""
    paths = [
        PAGES, f"{PAGES}?limit=100", f"{PAGES}find/?html_path=/governance/active-policies/",
        REGISTER_PATH,
    ]
    for item in api(client, PAGES, limit=100)["items"]:
        paths.append(f"{PAGES}{item['id']}/")
    for governance_section in SectionPage.objects.live():
        url = governance_section.url
        paths += [url, f"{url}feed/", f"{url}feed.json"]
    return paths


def test_no_endpoint_listing_or_feed_shows_a_count(client, director, member):
    from governance import services
    from governance.models import Position
    from tests.voting.factories import answer, enrolled_voter
    from voting import services as voting_services
    from voting.models import Ballot

    discussed = make_proposal(title="Talked about")
    services.record_stance(discussed, user=member, position=Position.AGREE, reason="Yes")
    in_resolution = make_proposal(title="Being decided")
    lifecycle.move_to_resolution(in_resolution, user=director)
    voters = [enrolled_voter() for _ in range(3)]
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    ballot = Ballot.objects.get()
    for voter in voters[:2]:
        voting_services.cast(ballot, user=voter.user, answers=answer(ballot, ["Yes"]))
    assert ballot.status == Ballot.Status.OPEN
    make_policy(title="In force")
    for path in public_paths(client):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not FORBIDDEN.search(body), (path, FORBIDDEN.search(body))
