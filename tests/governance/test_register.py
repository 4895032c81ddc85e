"""The policy register: every active policy with its dates, resolution and latest amendment."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from core.page_cache import purge_paths
from governance import lifecycle
from governance.models import (
    REGISTER_PATH,
    SUNSET_BEFORE_EFFECTIVE,
    Kind,
    Stage,
    lifecycle_writes,
)
from tests.governance.factories import make_charter, make_policy, make_proposal

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_register_lists_dates_adopting_resolution_and_latest_amendment(client, director):
    adopted = make_proposal(title="Travel grants", review_date=days(200), sunset_date=days(900))
    lifecycle.move_to_resolution(adopted, user=director)
    lifecycle.adopt(adopted, user=director, minutes_url="https://example.org/minutes/1")
    amendment = make_proposal(title="Bigger travel grants", kind=Kind.AMENDMENT, amends=adopted)
    lifecycle.move_to_resolution(amendment, user=director)
    lifecycle.adopt(amendment, user=director, notes="Carried.")
    content = client.get(REGISTER_PATH).content.decode()
    assert "Travel grants" in content and "Bigger travel grants" in content
    assert "Board resolution" in content and "https://example.org/minutes/1" in content
    assert days(200).strftime("%Y-%m-%d") in content and days(900).strftime("%Y-%m-%d") in content
    assert TODAY.strftime("%Y-%m-%d") in content  # effective on the day it was adopted


def test_register_shows_what_a_policy_supersedes(client):
    old = make_proposal(Stage.RETIRED, title="Old conduct rules")
    new = make_policy(title="New conduct rules")
    new.supersedes.add(old)
    with lifecycle_writes():
        new.save_revision().publish()
    content = client.get(REGISTER_PATH).content.decode()
    assert "Old conduct rules" in content


def test_register_lists_only_active_policies(client):
    make_policy(title="In force")
    make_proposal(Stage.RETIRED, title="Retired one")
    make_proposal(Stage.DISCUSSION, title="Still talking")
    content = client.get(REGISTER_PATH).content.decode()
    assert "In force" in content
    assert "Retired one" not in content and "Still talking" not in content


def titles_in_order(content, titles):
    return sorted(titles, key=content.index)


@pytest.mark.parametrize(("order", "expected"), [
    ("title", ["Alpha", "Bravo", "Charlie"]),
    ("effective", ["Charlie", "Alpha", "Bravo"]),
    ("review", ["Bravo", "Charlie", "Alpha"]),
    ("sunset", ["Alpha", "Bravo", "Charlie"]),
])
def test_register_sorts_by_title_and_each_date(client, order, expected):
    make_policy(title="Bravo", effective_date=days(-10), review_date=days(5), sunset_date=days(60))
    make_policy(title="Alpha", effective_date=days(-20), review_date=days(90), sunset_date=days(50))
    make_policy(title="Charlie", effective_date=days(-30), review_date=days(40))
    content = client.get(REGISTER_PATH, {"order": order}).content.decode()
    assert titles_in_order(content, ["Alpha", "Bravo", "Charlie"]) == expected


def test_register_filters_by_kind_and_due_for_review(client):
    make_policy(title="Due soon", review_date=days(20))
    make_policy(title="Due later", review_date=days(200))
    make_charter(Stage.ACTIVE, title="Education group")
    by_kind = client.get(REGISTER_PATH, {"kind": Kind.CHARTER}).content.decode()
    assert "Education group" in by_kind and "Due soon" not in by_kind
    due = client.get(REGISTER_PATH, {"due": "1"}).content.decode()
    assert "Due soon" in due and "Due later" not in due and "Education group" not in due


def test_register_without_matches_says_how_to_see_everything(client):
    content = client.get(REGISTER_PATH, {"due": "1"}).content.decode()
    assert "No active policy matches these filters" in content


def fill_active(total):
    for number in range(total):
        make_policy(title=f"Policy {total}-{number}", review_date=days(number))


def test_register_query_count_is_the_same_for_5_and_50_policies(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    fill_active(5)
    client.get(REGISTER_PATH)  # warm the site-root cache, as a running server has
    with django_assert_max_num_queries(20) as captured:
        assert client.get(REGISTER_PATH, {"order": "review"}).status_code == 200
    with_five = len(captured)
    fill_active(45)
    purge_paths([REGISTER_PATH])  # on_commit purges do not run inside a test's transaction
    with django_assert_num_queries(with_five):
        assert client.get(REGISTER_PATH, {"order": "review"}).status_code == 200


def test_sunset_date_earlier_than_effective_date_is_refused():
    policy = make_policy(title="Backwards")
    policy.effective_date, policy.sunset_date = days(10), days(5)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert error.value.message_dict["sunset_date"] == [SUNSET_BEFORE_EFFECTIVE]
    policy.refresh_from_db()
    assert policy.sunset_date is None


def test_sunset_date_earlier_than_effective_date_is_refused_in_the_editor(client, director):
    from django.urls import reverse

    from tests.governance.test_admin import editor_post_data

    policy = make_policy(title="Backwards in the editor")
    client.force_login(director)
    data = editor_post_data(policy, effective_date=days(10).isoformat(),
                            sunset_date=days(5).isoformat())
    response = client.post(reverse("wagtailadmin_pages:edit", args=[policy.pk]), data)
    assert SUNSET_BEFORE_EFFECTIVE in response.content.decode()
    policy.refresh_from_db()
    assert policy.sunset_date is None
    assert policy.get_latest_revision().as_object().sunset_date is None


def test_policies_due_for_review_report_lists_them_for_the_board(client, director, member):
    from django.urls import reverse

    make_policy(title="Review me", review_date=days(10))
    make_policy(title="Not yet", review_date=days(300))
    url = reverse("governance_policies_due_for_review")
    client.force_login(director)
    content = client.get(url).content.decode()
    assert "Review me" in content and "Not yet" not in content
    client.force_login(member)
    assert client.get(url).status_code in (302, 403)


def test_register_says_in_words_what_a_policy_lacks(client):
    make_policy(title="Plain policy")
    cells = re.findall(r"<td>(.*?)</td>", client.get(REGISTER_PATH).content.decode(), re.S)
    assert "None" not in cells
    assert {"Not set", "No sunset", "Not amended", "Nothing"} <= set(cells)


# HTML allows at most three digits of a second: Django's date:"c" printed six.
HTML_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$"
)


def test_every_time_element_carries_a_valid_html_datetime(client, director):
    proposal = make_proposal(title="Timed", review_date=days(30))
    lifecycle.move_to_resolution(proposal, user=director)
    pages = [proposal.url, proposal.get_parent().url, REGISTER_PATH, "/governance/search/?q=Timed"]
    values = [
        value for url in pages
        for value in re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())
    ]
    assert len(values) >= 3
    assert [value for value in values if not HTML_DATETIME.match(value)] == []
