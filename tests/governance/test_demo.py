"""seed_demo fills every governance stage through the real lifecycle, once."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry

from governance.demo import body_from_wiki_text
from governance.models import Amendment, CharterPage, GovernanceIndexPage, Resolution, Stage
from tests.governance.factories import section

pytestmark = pytest.mark.django_db


def governance_pages():
    return Page.objects.descendant_of(GovernanceIndexPage.objects.get()).exclude(depth__lte=4)


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_seed_demo_twice_creates_the_governance_content_once(seeded):
    before = (governance_pages().count(), PageLogEntry.objects.count(), Resolution.objects.count())
    call_command("seed_demo", verbosity=0)
    after = (governance_pages().count(), PageLogEntry.objects.count(), Resolution.objects.count())
    assert before == after


def test_demo_has_proposals_in_every_stage(seeded):
    counts = {stage: section(stage).get_children().live().count() for stage in Stage}
    assert counts[Stage.DISCUSSION] >= 2
    assert all(counts.values()), counts
    waiting = Resolution.objects.filter(outcome=Resolution.Outcome.PENDING)
    assert {resolution.page.specific.stage for resolution in waiting} == {Stage.RESOLUTION}
    # The voting members approve a charter (membership model, "Working Groups").
    charter_vote = waiting.get(method=Resolution.Method.MEMBER_VOTE)
    assert isinstance(charter_vote.page.specific, CharterPage)
    rejected = Resolution.objects.get(outcome=Resolution.Outcome.REJECTED)
    assert rejected.page.specific.stage == Stage.ARCHIVED


def test_demo_policies_come_from_the_real_lifecycle(seeded):
    amendment = Amendment.objects.get()
    assert amendment.policy.specific.stage == Stage.ACTIVE
    assert amendment.proposal.specific.stage == Stage.ARCHIVED
    assert CharterPage.objects.live().exists()
    actions = set(PageLogEntry.objects.values_list("action", flat=True))
    assert {
        "governance.submit_for_discussion", "governance.move_to_resolution", "governance.adopt",
        "governance.amend", "governance.retire", "governance.reject",
    } <= actions


def test_demo_source_documents_are_active_policies_with_headings(seeded, client):
    active = section(Stage.ACTIVE)
    process = active.get_children().get(slug="psf-strategic-decision-making-process").specific
    headings = [block.value for block in process.body if block.block_type == "heading"]
    assert "Approval process for these guidelines" in headings
    content = client.get(process.url).content.decode()
    assert "Python Enhancement Proposal process" in content
    assert "[[" not in content and "'''" not in content
    assert active.get_children().filter(slug="the-new-psf-membership-model").exists()


def test_wiki_markup_becomes_headings_and_plain_paragraphs():
    blocks = body_from_wiki_text(
        "== Access Control ==\n\nSee [[https://example.org|the RFE]] and '''Deferred feature'''.\n"
        "\n * one\n * two\n\n## Mechanics\nA \\$100 fee, [link](https://example.org).\n"
    )
    rendered = [(kind, str(value.source if hasattr(value, "source") else value))
                for kind, value in blocks]
    assert rendered == [
        ("heading", "Access Control"),
        ("paragraph", "<p>See the RFE and Deferred feature.</p>"),
        ("paragraph", "<ul><li>one</li><li>two</li></ul>"),
        ("heading", "Mechanics"),
        ("paragraph", "<p>A $100 fee, link.</p>"),
    ]


def test_demo_has_register_dates_stances_and_a_recusal(seeded, client):
    from governance.models import ConflictOfInterest, ReviewReminder, Stance

    assert Stance.objects.count() == 4
    assert ConflictOfInterest.objects.get().page.specific.stage == Stage.RESOLUTION
    register = client.get("/governance/register/", {"due": "1"}).content.decode()
    assert "Travel grants policy" in register
    everything = client.get("/governance/register/").content.decode()
    assert "Mailing list moderation policy" in everything  # superseded by the forum policy
    assert not ReviewReminder.objects.exists()
