"""A proposal's address is unique across the governance tree, so no move ever collides."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from governance import lifecycle
from governance.models import ProposalPage, Stage, address_taken, lifecycle_writes
from tests.governance.factories import discussed_long_ago, make_proposal, section
from tests.governance.test_admin import editor_post_data

pytestmark = pytest.mark.django_db


def add_url(stage=Stage.DISCUSSION):
    return reverse("wagtailadmin_pages:add", args=["governance", "proposalpage", section(stage).pk])


def add_in_editor(client, slug):
    """Add a page whose address is `slug`: a member's comes from its title (their form has
    no address field), a Director's is the one posted."""
    title = slug.replace("-", " ").capitalize()
    page = ProposalPage(title=title, slug=slug, summary="What it asks for.")
    return client.post(add_url(), editor_post_data(page))


def error_on_slug(response):
    """The address's error: on its field for a Director, above the form for a member."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return form.errors.get("slug") or form.non_field_errors()


def test_adding_a_page_with_an_address_used_in_archived_is_refused(client, member):
    make_proposal(Stage.ARCHIVED, title="Open the books")
    client.force_login(member)
    response = add_in_editor(client, "open-the-books")
    assert error_on_slug(response) == [
        "The address “open-the-books” is already used by “Open the books” in "
        "Archived proposals. Choose another."
    ]
    assert ProposalPage.objects.filter(slug="open-the-books").count() == 1


def test_adding_a_page_with_an_address_used_in_active_is_refused(client, member):
    make_proposal(Stage.ACTIVE, title="Travel grants")
    client.force_login(member)
    response = add_in_editor(client, "travel-grants")
    assert "“Travel grants” in Active policies" in error_on_slug(response)[0]
    assert ProposalPage.objects.filter(slug="travel-grants").count() == 1


def test_adding_a_page_with_a_sections_address_is_refused(client, member):
    client.force_login(member)
    response = add_in_editor(client, "archived-proposals")
    assert "“Archived proposals”" in error_on_slug(response)[0]


def test_editing_a_drafts_address_to_one_in_use_is_refused(client, author, director):
    make_proposal(Stage.ARCHIVED, title="Open the books")
    draft = make_proposal(owner=author, title="Open the ledgers", live=False)
    client.force_login(director)  # only the Board sees a page's address in the editor
    data = editor_post_data(draft, slug="open-the-books")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)
    assert "“Open the books” in Archived proposals" in error_on_slug(response)[0]
    draft.refresh_from_db()
    assert draft.slug == "open-the-ledgers"
    assert draft.get_latest_revision().as_object().slug == "open-the-ledgers"


def test_an_address_a_redirect_keeps_for_a_moved_proposal_is_refused(
    client, member, discussed, director
):
    lifecycle.move_to_resolution(discussed, user=director)
    discussed.slug = "open-the-books-for-decision"
    # Only a superuser's shell renames a page being decided; its redirect stays.
    with lifecycle_writes():
        discussed.save_revision().publish()
    assert Redirect.objects.filter(
        old_path="/governance/proposals-for-discussion/open-the-books"
    ).exists()
    client.force_login(member)
    response = add_in_editor(client, "open-the-books")
    assert error_on_slug(response) == [
        "The address “open-the-books” still leads to “Open the books”, which was there "
        "before it moved. Choose another."
    ]


def test_a_fresh_address_is_accepted(client, member):
    make_proposal(Stage.ARCHIVED, title="Open the books")
    client.force_login(member)
    response = add_in_editor(client, "open-the-books-again")
    assert response.status_code == 302
    assert ProposalPage.objects.get(slug="open-the-books-again").stage == Stage.DISCUSSION


def test_a_page_keeps_its_own_address_and_its_own_redirects(discussed, director):
    lifecycle.move_to_resolution(discussed, user=director)
    lifecycle.withdraw(discussed, user=director, reason="Merged elsewhere")
    discussed.full_clean()
    assert discussed.stage == Stage.ARCHIVED


def test_a_page_may_take_back_an_address_that_redirects_to_itself(discussed, director):
    lifecycle.move_to_resolution(discussed, user=director)
    discussed.slug = "open-the-books-for-decision"
    # Only a superuser's shell renames a page being decided; its redirect stays.
    with lifecycle_writes():
        discussed.save_revision().publish()
    discussed.slug = "open-the-books"
    discussed.full_clean()


def test_the_check_runs_two_queries_however_many_proposals_exist(django_assert_num_queries):
    for number in range(3):
        make_proposal(Stage.ARCHIVED, title=f"Old proposal {number}")
    address_taken(ProposalPage(slug="warm-the-site-root-paths"))
    with django_assert_num_queries(2):
        assert address_taken(ProposalPage(slug="a-fresh-address")) == ""


def test_a_page_added_outside_the_editor_is_held_to_the_same_rule():
    make_proposal(Stage.ARCHIVED, title="Open the books")
    with pytest.raises(ValidationError) as error:
        make_proposal(title="Open the books", live=False)
    assert "Archived proposals" in error.value.message_dict["slug"][0]


@pytest.mark.parametrize("step", ["reject", "withdraw"])
def test_a_proposal_added_in_the_editor_always_reaches_archived(client, member, director, step):
    make_proposal(Stage.ARCHIVED, title="Open the books")
    client.force_login(member)
    assert error_on_slug(add_in_editor(client, "open-the-books"))
    assert add_in_editor(client, "open-the-books-again").status_code == 302
    page = ProposalPage.objects.get(slug="open-the-books-again")
    page.save_revision().publish()
    discussed_long_ago(page)
    lifecycle.move_to_resolution(page, user=director)
    getattr(lifecycle, step)(page, user=director, reason="Not now")
    assert page.stage == Stage.ARCHIVED
