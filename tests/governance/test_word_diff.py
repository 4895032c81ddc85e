"""An amendment's page shows what it changes word by word (issue 21, "Results and
history": "an amendment page shows a word-level diff against the policy it amends")."""

import pytest
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from governance.amendments import CONTEXT_WORDS, Words, word_diff
from governance.models import Kind
from tests.governance.factories import make_policy, make_proposal

LONG_POLICY = " ".join(f"word{number}" for number in range(200))


def test_a_changed_word_shows_as_removed_and_added_between_the_words_kept():
    assert word_diff("Grants cover travel.", "Grants cover travel and lodging.") == [
        Words("kept", "Grants cover travel"), Words("added", " and lodging"), Words("kept", "."),
    ]
    assert word_diff("Grants cover travel.", "Grants cover lodging.") == [
        Words("kept", "Grants cover"), Words("removed", " travel"), Words("added", " lodging"),
        Words("kept", "."),
    ]


def test_a_long_unchanged_run_is_shortened_to_the_words_around_the_change():
    words = word_diff(LONG_POLICY, LONG_POLICY.replace("word100", "changed"))
    kept_before, removed, added, kept_after = words
    assert (removed, added) == (Words("removed", " word100"), Words("added", " changed"))
    assert kept_before.text.startswith(" …")
    assert kept_before.text.split()[1:] == [f"word{n}" for n in range(100 - CONTEXT_WORDS, 100)]
    assert kept_after.text.endswith(" …") and kept_after.text.split()[0] == "word101"
    assert len(kept_after.text.split()) == CONTEXT_WORDS + 1


def test_line_breaks_are_kept_as_line_breaks():
    assert word_diff("One.\nTwo.", "One.\nThree.") == [
        Words("kept", "One."), Words("removed", "\nTwo"), Words("added", "\nThree"),
        Words("kept", "."),
    ]


@pytest.mark.django_db
class TestTheAmendmentPage:
    def amendment(self, policy, author, **changes):
        fields = {"summary": policy.summary, "body": policy.body.raw_data, **changes}
        return make_proposal(
            owner=author, title="Lodging too", kind=Kind.AMENDMENT, amends=policy, **fields
        )

    def test_shows_each_changed_field_word_by_word(self, client, author):
        policy = make_policy(title="Travel grants", summary="Grants cover travel.")
        body = [("paragraph", RichText("<p>Apply <b>by e-mail</b> to the board.</p>"))]
        amendment = self.amendment(policy, author, summary="Grants cover travel and lodging.",
                                   body=body)
        content = client.get(amendment.url).content.decode()
        assert "What this amendment changes in Travel grants" in content
        assert 'travel<ins><span class="visually-hidden">Added: </span> and lodging</ins>.' in (
            content
        )
        assert '<del><span class="visually-hidden">Removed: </span>The text of Travel grants' in (
            content
        )
        assert "Apply by e-mail to the board</ins>." in content

    def test_an_unchanged_field_is_not_listed(self, client, author):
        policy = make_policy(title="Travel grants", summary="Grants cover travel.")
        amendment = self.amendment(policy, author, summary="Grants cover lodging.")
        content = client.get(amendment.url).content.decode()
        assert "<h3>Summary</h3>" in content and "<h3>Body</h3>" not in content

    def test_a_restricted_policy_s_old_text_is_not_shown_to_the_public(self, client, author):
        policy = make_policy(title="Board-only", summary="Secret terms apply.")
        amendment = self.amendment(policy, author, summary="Public terms apply.")
        PageViewRestriction.objects.create(
            page=policy, restriction_type=PageViewRestriction.LOGIN
        )
        content = client.get(amendment.url).content.decode()
        assert "Secret terms" not in content
        assert "What this amendment changes" not in content

    def test_a_new_policy_shows_no_diff(self, client, author):
        proposal = make_proposal(owner=author, title="Brand new")
        assert "What this amendment changes" not in client.get(proposal.url).content.decode()
