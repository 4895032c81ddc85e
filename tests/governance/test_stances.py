"""Sense-of-the-room polls: one stance per member while a proposal is in discussion."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.page_cache import purge_paths
from governance import lifecycle, services
from governance.models import Position, Stance
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stance_url(page):
    return reverse("governance_record_stance", args=[page.pk])


def test_member_records_a_stance_and_changes_it(discussed, member):
    services.record_stance(discussed, user=member, position=Position.DISAGREE, reason="Too costly")
    services.record_stance(discussed, user=member, position=Position.AGREE)
    stance = Stance.objects.get()
    assert (stance.member, stance.position, stance.reason) == (member, Position.AGREE, "")


def test_tally_counts_each_position(discussed, member, moderator, director):
    services.record_stance(discussed, user=member, position=Position.AGREE)
    services.record_stance(discussed, user=moderator, position=Position.AGREE)
    services.record_stance(
        discussed, user=director, position=Position.BLOCK, reason="Breaks the bylaws"
    )
    assert discussed.stance_tally() == [
        ("Agree", 2), ("Abstain", 0), ("Disagree", 0), ("Block", 1),
    ]


def test_block_without_a_reason_is_refused(discussed, member):
    with pytest.raises(ValidationError, match=services.BLOCK_NEEDS_REASON):
        services.record_stance(discussed, user=member, position=Position.BLOCK, reason="  ")
    assert not Stance.objects.exists()


def test_stance_after_the_proposal_left_discussion_is_refused(in_resolution, member):
    with pytest.raises(ValidationError, match=services.POLL_CLOSED):
        services.record_stance(in_resolution, user=member, position=Position.AGREE)
    assert not Stance.objects.exists()


def test_stance_cannot_change_once_the_poll_closed(discussed, member, director):
    services.record_stance(discussed, user=member, position=Position.AGREE)
    lifecycle.move_to_resolution(discussed, user=director)
    with pytest.raises(ValidationError, match=services.POLL_CLOSED):
        services.record_stance(discussed, user=member, position=Position.DISAGREE)
    assert Stance.objects.get().position == Position.AGREE


def test_non_member_cannot_record_a_stance(discussed):
    outsider = UserFactory(username="outsider")
    with pytest.raises(PermissionDenied, match=services.NOT_A_MEMBER):
        services.record_stance(discussed, user=outsider, position=Position.AGREE)


def test_reason_longer_than_280_characters_is_refused(discussed, member):
    with pytest.raises(ValidationError):
        services.record_stance(discussed, user=member, position=Position.AGREE, reason="x" * 281)
    assert not Stance.objects.exists()


def test_member_posts_the_form_and_returns_to_the_proposal(client, discussed, member):
    client.force_login(member)
    response = client.post(stance_url(discussed), {"position": "disagree", "reason": "Not now"})
    assert response.status_code == 302 and response["Location"].startswith(discussed.url)
    page = client.get(discussed.url).content.decode()
    assert "Your stance is recorded" in page and "Not now" in page
    assert "Your stance is “Disagree”" in page


def test_block_without_a_reason_through_the_form_shows_why(client, discussed, member):
    client.force_login(member)
    response = client.post(stance_url(discussed), {"position": "block", "reason": ""}, follow=True)
    assert services.BLOCK_NEEDS_REASON in response.content.decode()
    assert not Stance.objects.exists()


def test_the_public_sees_the_tally_but_not_the_reasons(client, discussed, member):
    services.record_stance(
        discussed, user=member, position=Position.BLOCK, reason="A private worry"
    )
    content = client.get(discussed.url).content.decode()
    assert "Sense of the room" in content and "Log in" in content
    assert "A private worry" not in content and 'name="position"' not in content


def test_recording_a_stance_refreshes_the_cached_public_page(
    client, discussed, member, django_capture_on_commit_callbacks, page_cache_on
):
    client.get(discussed.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_stance(discussed, user=member, position=Position.AGREE)
    assert client.get(discussed.url)["X-Page-Cache"] == "miss"


def test_the_resolution_task_shows_the_tally_to_the_deciding_director(
    client, discussed, member, director
):
    services.record_stance(discussed, user=member, position=Position.ABSTAIN)
    lifecycle.move_to_resolution(discussed, user=director)
    client.force_login(director)
    task_state = discussed.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[discussed.pk, "adopt", task_state.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "sense of the room" in response.content.decode()
    assert "Abstain 1" in response.content.decode()


def add_stances(page, numbers):
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"voice-{n}", password=make_password(None)) for n in numbers
    )
    Stance.objects.bulk_create(
        Stance(page=page, member=user, position=Position.AGREE, reason=f"Reason {n}")
        for n, user in zip(numbers, users, strict=True)
    )


@pytest.mark.parametrize("as_member", [False, True], ids=["public", "member"])
def test_a_page_with_1000_stances_runs_the_queries_of_one_with_10(
    client, discussed, member, as_member, django_assert_num_queries,
    django_assert_max_num_queries,
):
    if as_member:
        client.force_login(member)
    add_stances(discussed, range(10))
    client.get(discussed.url)
    purge_paths([discussed.url])
    with django_assert_max_num_queries(60) as captured:
        assert client.get(discussed.url).status_code == 200
    with_ten = len(captured)
    add_stances(discussed, range(10, 1000))
    purge_paths([discussed.url])  # bulk_create bypasses the service, which purges
    with django_assert_num_queries(with_ten):
        response = client.get(discussed.url)
    assert ("Reason 999" in response.content.decode()) == as_member
