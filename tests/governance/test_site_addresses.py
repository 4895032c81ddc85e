"""Feeds, the read API, e-mails and a referral ballot give addresses on the Site's root URL.

Every test serves the site at https://example.org while the request names another host,
so an address built from the request, or from a fixed "localhost", shows.
"""

import pytest
from django.core import mail

from governance import lifecycle
from governance.models import Stage
from tests.governance.factories import make_proposal, section
from voting.models import Ballot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_at_example_org")]

ROOT = "https://example.org"
DISCUSSION_PATH = "/governance/proposals-for-discussion/"


def test_the_json_feed_gives_every_address_on_the_site_root_url(client):
    make_proposal(title="Feed me")
    feed = client.get(f"{DISCUSSION_PATH}feed.json", HTTP_HOST="localhost").json()
    assert feed["home_page_url"] == f"{ROOT}{DISCUSSION_PATH}"
    assert feed["feed_url"] == f"{ROOT}{DISCUSSION_PATH}feed.json"
    assert feed["items"][0]["url"] == f"{ROOT}{DISCUSSION_PATH}feed-me/"


def test_the_atom_feed_gives_every_address_on_the_site_root_url(client):
    make_proposal(title="Feed me")
    body = client.get(f"{DISCUSSION_PATH}feed/", HTTP_HOST="localhost").content.decode()
    assert f'href="{ROOT}{DISCUSSION_PATH}"' in body
    assert f'href="{ROOT}{DISCUSSION_PATH}feed/"' in body
    assert f'href="{ROOT}{DISCUSSION_PATH}feed-me/"' in body
    assert "localhost" not in body


def test_the_read_api_gives_each_page_its_html_url_on_the_site_root_url(client):
    make_proposal(title="Read me")
    response = client.get("/api/v2/pages/", {"type": "governance.ProposalPage"},
                          HTTP_HOST="localhost")
    (item,) = response.json()["items"]
    assert item["meta"]["html_url"] == f"{ROOT}{DISCUSSION_PATH}read-me/"


def test_a_proposals_e_mail_links_it_on_the_site_root_url(
    discussed, director, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.move_to_resolution(discussed, user=director)
    discussed.refresh_from_db()
    assert len(mail.outbox) == 2
    assert all(f"{ROOT}{discussed.url}" in message.body for message in mail.outbox)


def test_a_referral_ballots_description_links_the_proposal_on_the_site_root_url(
    in_resolution, director
):
    lifecycle.refer_to_member_vote(in_resolution, user=director)
    ballot = Ballot.objects.get()
    in_resolution.refresh_from_db()
    assert f"{ROOT}{section(Stage.RESOLUTION).url}{in_resolution.slug}/" in ballot.description
