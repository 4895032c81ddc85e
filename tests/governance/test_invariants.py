"""One invariant test over every path (issue 17): random sequences of lifecycle steps and
of Wagtail's own admin requests, by random roles, after each of which the decision
process's guarantees must still hold.

The guarantees (strategic decision-making document; docs/architecture.md section 3):
- every page in Active or Retired was adopted (or recorded as adopted before this
  site), and its live text is the text decided, or the last amendment applied to it;
- every decided text is a text that was published for discussion;
- a page reaches a section only through the lifecycle;
- no Board decision is taken on a proposal under member vote;
- every address a page ever had answers 200, or a 301 to where the page is now;
- no request answers 500.

`make test` runs a few derandomized examples; `make fuzz` runs many fresh ones.
Fingerprints are computed here from the revisions themselves, so the test judges the
product by its data, not by the product's own fingerprint function.
"""

import contextlib
import hashlib
import io
import json
import os

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import Page, PageLogEntry

from governance.models import Amendment, Kind, ProposalPage, Resolution, SectionPage, Stage
from tests.factories import UserFactory
from tests.governance.factories import make_proposal, section
from tests.governance.test_admin import editor_post_data
from tests.voting.factories import answer, enrolled_voter
from voting import services as voting_services
from voting.models import Ballot

pytestmark = pytest.mark.django_db

ROLES = ("member", "author", "moderator", "director", "recused", "officer")
BOARD_ROLES = ("director", "officer", "recused")
# The steps that move a proposal on come up more often, so that sequences reach a decision.
BOARD_STEPS = [
    "move-to-resolution", "move-to-resolution", "adopt", "adopt", "refer-to-member-vote",
    "reject", "withdraw", "return-to-discussion", "retire",
]
DECISION_STAGES = (Stage.ACTIVE, Stage.RETIRED)
MOST_PAGES = 4
TRANSITION_DATA = {
    "reason": "Because the Board says so.", "notes": "Carried.", "minutes_url": "",
    "adopted_on": "2015-06-01",
}
SLOW_IS_FINE = [HealthCheck.too_slow]
PROFILES = {
    "ci": settings(max_examples=6, stateful_step_count=18, derandomize=True, deadline=None,
                   suppress_health_check=SLOW_IS_FINE),
    # Sized to fit `make fuzz` in 10 minutes beside the fuzz targets (tests/fuzzing.py).
    "fuzz": settings(max_examples=4, stateful_step_count=30, deadline=None,
                     suppress_health_check=SLOW_IS_FINE),
}


def fingerprint(revision):
    """The decided text of a revision: its title and every field an amendment may change."""
    page = revision.as_object()
    parts = [page.title] + [
        json.dumps(page._meta.get_field(name).get_prep_value(getattr(page, name)),
                   sort_keys=True, cls=DjangoJSONEncoder)
        for name in page.amendable_fields
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def live_text(page):
    return fingerprint(page.live_revision) if page.live_revision_id else None


class DecisionMachine(RuleBasedStateMachine):
    """Members, moderators and Directors acting on proposals through every path."""

    people = None  # set by the test: the users behind each role, and the voters

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.client = Client()
        self.pages = []  # ids of the proposals this example made, in order
        self.published = {}  # page id -> fingerprints ever live while in discussion
        self.addresses = {}  # page id -> every path it was ever published at
        self.step = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # What there is to act on.

    def page(self, index):
        return Page.objects.get(pk=self.pages[index % len(self.pages)]).specific

    def actor(self, role, page):
        return page.owner if role == "author" else self.people[role]

    def request(self, method, path, user, data=None):
        self.client.force_login(user)
        response = getattr(self.client, method)(path, data or {})
        assert response.status_code < 500, f"{method} {path} as {user} answered 500"
        return response

    def remember(self, page):
        self.pages.append(page.pk)
        self.observe()

    # Steps through the lifecycle (the admin's transition screens).

    @precondition(lambda self: len(self.pages) < MOST_PAGES)
    @rule()
    def write_and_publish_a_proposal(self):
        self.step += 1
        self.remember(make_proposal(
            Stage.DISCUSSION, owner=self.people["author"], title=f"Proposal {self.step}",
        ))

    @precondition(lambda self: len(self.pages) < MOST_PAGES)
    @rule(index=st.integers(0, MOST_PAGES))
    def write_an_amendment(self, index):
        policies = [pk for pk in self.pages if self.page(self.pages.index(pk)).stage
                    == Stage.ACTIVE]
        if not policies:
            return
        policy = Page.objects.get(pk=policies[index % len(policies)]).specific
        self.step += 1
        self.remember(make_proposal(
            Stage.DISCUSSION, owner=self.people["author"], title=f"Amendment {self.step}",
            kind=Kind.AMENDMENT, amends=policy, summary=f"Amended summary {self.step}.",
        ))

    @precondition(lambda self: len(self.pages) < MOST_PAGES)
    @rule()
    def record_a_policy_adopted_before_this_site(self):
        self.step += 1
        director = self.people["director"]
        draft = make_proposal(owner=director, live=False, title=f"Old policy {self.step}")
        self.request("post", f"/admin/governance/{draft.pk}/record-existing-policy/", director,
                     {"adopted_on": "2015-06-01", "minutes_url": "https://example.org/m"})
        draft.refresh_from_db()
        if draft.live:
            self.remember(draft)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(BOARD_ROLES),
          name=st.sampled_from(BOARD_STEPS))
    def the_board_takes_a_step(self, index, role, name):
        self.take_a_step(index, role, name)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          name=st.sampled_from(BOARD_STEPS + ["request-withdrawal"]))
    def anyone_tries_a_step(self, index, role, name):
        self.take_a_step(index, role, name)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES))
    def a_director_declares_a_conflict(self, index):
        self.take_a_step(index, "recused", "declare-conflict")

    def take_a_step(self, index, role, name):
        page = self.page(index)
        self.request("post", f"/admin/governance/{page.pk}/{name}/",
                     self.actor(role, page), TRANSITION_DATA)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          action=st.sampled_from(["adopt", "reject", "refer_to_member_vote"]))
    def act_in_the_workflow(self, index, role, action):
        page = self.page(index)
        task_state = page.current_workflow_task_state
        if task_state is None:
            return
        path = reverse("wagtailadmin_pages:workflow_action",
                       args=[page.pk, action, task_state.pk])
        self.request("post", path, self.actor(role, page), TRANSITION_DATA)

    # Wagtail's own page views.

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES), publish=st.booleans())
    def edit_in_the_editor(self, index, role, publish):
        self.edit(index, role, publish)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(("author",) + BOARD_ROLES))
    def an_author_or_the_board_saves_a_draft(self, index, role):
        self.edit(index, role, publish=False)

    def edit(self, index, role, publish):
        page = self.page(index)
        self.step += 1
        data = editor_post_data(page, summary=f"Edited summary {self.step}.")
        if publish:
            data["action-publish"] = "Publish"
        path = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.request("post", path, self.actor(role, page), data)

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          stage=st.sampled_from(list(Stage)))
    def move_in_wagtail(self, index, role, stage):
        page = self.page(index)
        path = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, section(stage).pk])
        self.request("post", path, self.actor(role, page))

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          stage=st.sampled_from(list(Stage)))
    def copy_in_wagtail(self, index, role, stage):
        page = self.page(index)
        self.step += 1
        self.request("post", reverse("wagtailadmin_pages:copy", args=[page.pk]),
                     self.actor(role, page), {
                         "new_title": f"Copy {self.step}", "new_slug": f"copy-{self.step}",
                         "new_parent_page": section(stage).pk, "publish_copies": "on",
                     })

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          view=st.sampled_from(["unpublish", "delete"]))
    def take_down_in_wagtail(self, index, role, view):
        page = self.page(index)
        self.request("post", reverse(f"wagtailadmin_pages:{view}", args=[page.pk]),
                     self.actor(role, page))

    @precondition(lambda self: self.pages)
    @rule(index=st.integers(0, MOST_PAGES), role=st.sampled_from(ROLES),
          stage=st.sampled_from(list(Stage)))
    def add_in_a_section(self, index, role, stage):
        self.step += 1
        page = ProposalPage(title=f"Added {self.step}", slug=f"added-{self.step}", summary="x")
        path = reverse("wagtailadmin_pages:add",
                       args=["governance", "proposalpage", section(stage).pk])
        user = self.people["author" if role == "author" else role]
        self.request("post", path, user, editor_post_data(page, **{"action-publish": "1"}))
        # Adding a proposal for discussion is every member's right (the Board may publish
        # it at once); anywhere else the lifecycle alone places pages.
        added = ProposalPage.objects.filter(slug=page.slug).first()
        if added is not None and added.stage == Stage.DISCUSSION:
            self.remember(added)

    # Voting and the housekeeping cron.

    @rule(voter=st.integers(0, 2), choice=st.sampled_from(["Yes", "No"]))
    def cast_a_vote(self, voter, choice):
        member = self.people["voters"][voter]
        for ballot in Ballot.objects.filter(status=Ballot.Status.OPEN):
            with contextlib.suppress(voting_services.VotingError):
                voting_services.cast(ballot, user=member.user, answers=answer(ballot, [choice]))

    @rule()
    def close_the_open_ballots(self):
        for ballot in Ballot.objects.filter(status=Ballot.Status.OPEN):
            self.request("post", f"/admin/voting/ballots/{ballot.pk}/close/",
                         self.people["director"])

    @rule()
    def run_housekeeping(self):
        # A failure it names ends in CommandError; the invariants say whether anything broke.
        with contextlib.suppress(CommandError):
            call_command("housekeeping", stdout=io.StringIO(), stderr=io.StringIO())

    # After every step.

    def observe(self):
        for page in self.tracked():
            if page.live:
                self.addresses.setdefault(page.pk, set()).add(page.url)
            if page.stage == Stage.DISCUSSION and page.live_revision_id:
                self.published.setdefault(page.pk, set()).add(live_text(page))

    def tracked(self):
        return [page.specific for page in Page.objects.filter(pk__in=self.pages)]

    @invariant()
    def every_step_is_observed(self):
        self.observe()

    @invariant()
    def every_policy_was_decided_and_reads_as_decided(self):
        for page in self.tracked():
            if page.stage not in DECISION_STAGES:
                continue
            adopted = page.resolutions.filter(outcome=Resolution.Outcome.ADOPTED).first()
            assert adopted is not None, f"{page} is a policy no one adopted"
            amended = Amendment.objects.filter(policy=page).order_by("-applied_at").first()
            expected = amended.policy_revision if amended else adopted.revision
            assert live_text(page) == fingerprint(expected), f"{page} reads as nobody decided"

    @invariant()
    def every_decided_text_was_published_for_discussion(self):
        for resolution in Resolution.objects.filter(page_id__in=self.pages).exclude(
            method=Resolution.Method.EXISTING
        ):
            assert fingerprint(resolution.revision) in self.published.get(
                resolution.page_id, set()
            ), f"the text decided on {resolution.page} was never published for discussion"

    @invariant()
    def pages_reach_sections_only_through_the_lifecycle(self):
        in_sections = set()
        for section_page in SectionPage.objects.all():
            in_sections |= set(section_page.get_children().live().values_list("pk", flat=True))
        stray = in_sections - set(self.pages)
        assert not stray, f"pages {stray} reached a section around the lifecycle"
        for page in self.tracked():
            assert page.stage == self.stage_the_lifecycle_gave(page), (
                f"{page} is in {page.stage}, where no lifecycle step put it"
            )

    def stage_the_lifecycle_gave(self, page):
        moves = PageLogEntry.objects.filter(
            page=page, action__startswith="governance.", data__has_key="stage"
        ).order_by("-timestamp", "-pk")
        last = moves.first()
        return last.data["stage"] if last else Stage.DISCUSSION

    @invariant()
    def no_board_decision_under_member_vote(self):
        referred = Resolution.objects.filter(
            page_id__in=self.pages, method=Resolution.Method.MEMBER_VOTE
        )
        for resolution in referred:
            if resolution.outcome in (Resolution.Outcome.ADOPTED, Resolution.Outcome.REJECTED):
                assert resolution.decided_by_id is None, (
                    f"a Board member decided {resolution.page} under a member vote"
                )
            ballot = Ballot.objects.about(resolution).first()
            if ballot is not None and ballot.status == Ballot.Status.OPEN:
                assert resolution.outcome == Resolution.Outcome.PENDING

    @invariant()
    def every_address_a_page_had_still_leads_to_it(self):
        for page in self.tracked():
            for address in self.addresses.get(page.pk, ()):
                response = self.client.get(address)
                if address == page.url:
                    assert response.status_code == 200, f"{address} answered {response}"
                else:
                    assert response.status_code == 301, f"{address} answered {response}"
                    assert response["Location"].endswith(page.url)


def test_no_sequence_of_steps_breaks_the_decision_process(
    member, moderator, director, officer, voting_period
):
    recused = UserFactory(username="recused", groups=["Members", "Directors"])
    DecisionMachine.people = {
        "member": member, "moderator": moderator, "director": director, "officer": officer,
        "recused": recused, "author": UserFactory(username="writer", groups=["Members"]),
        "voters": [enrolled_voter(period=voting_period) for _ in range(3)],
    }
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    run_state_machine_as_test(DecisionMachine, settings=PROFILES.get(profile, PROFILES["ci"]))
