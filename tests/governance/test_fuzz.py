"""Fuzzing governance: the sense-of-the-room poll, the discussion, notification preferences
and every lifecycle action."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance import following, services
from governance.models import Comment, CommentReport, Follow, Resolution, Stage, Stance
from governance.views import STANCE_RECORDED, TRANSITIONS
from membership.models import NotificationPreferences
from tests.factories import UserFactory
from tests.fuzzing import (
    fields_of,
    form_data,
    hostile_text,
    identifier,
    logged_in,
    post_and_check,
    redirected,
    said,
)
from tests.governance.factories import make_policy, make_proposal

pytestmark = pytest.mark.django_db


def test_the_poll_answers_any_input_calmly(client, member):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(member)

    @given(data=form_data(["position", "reason"]))
    def run(data):
        post_and_check(client, f"/governance/stances/{proposal.pk}/", data,
                       models=(Stance,), accepted=said(STANCE_RECORDED))

    run()


DISCUSSION_FORMS = {
    "comment": ("/governance/discussion/{pk}/comment/", "text"),
    "reply": ("/governance/discussion/comments/{pk}/reply/", "text"),
    "report": ("/governance/discussion/comments/{pk}/report/", "reason"),
    "hide": ("/governance/discussion/comments/{pk}/hide/", "reason"),
}


def _ids(records):
    return st.one_of(st.sampled_from([record.pk for record in records]),
                     st.integers(0, 2**70))


# Each form of the discussion its own examples (400 under `make fuzz`); a member may not hide.
@pytest.mark.parametrize("form", sorted(DISCUSSION_FORMS))
def test_fuzz_the_discussion_answers_any_post_calmly(discussed, member, moderator, director,
                                                     form):
    mine = services.post_comment(
        discussed, author=member, text="We should publish the accounts monthly."
    )
    hidden = services.post_comment(discussed, author=director, text="Off topic.")
    services.hide_comment(hidden, moderator=moderator, reason="Off topic.")
    pages = [discussed, make_proposal(Stage.RESOLUTION), make_policy()]
    path, field = DISCUSSION_FORMS[form]
    records = pages if form == "comment" else [mine, hidden]
    users = [member, moderator, director]
    clients = logged_in(users)

    @given(user=st.sampled_from(users), pk=_ids(records), data=fields_of({field: hostile_text}))
    def run(user, pk, data):
        response = post_and_check(clients[user.pk], path.format(pk=pk), data,
                                  models=(Comment, CommentReport), accepted=redirected)
        assert not (form == "hide" and user == member and redirected(response))

    run()


def test_fuzz_notification_preferences_answer_any_post_calmly(discussed, member, moderator):
    """The preferences and stopping a follow; an account that is not a member's has none."""
    own = following.follow(discussed, member)
    others = following.follow(discussed, moderator)
    outsider = UserFactory(username="not-a-member")
    choices = st.one_of(st.sampled_from(["on", "", "immediately", "daily", "weekly"]),
                        hostile_text)
    fields = dict.fromkeys(["stage", "decision", "vote_opened", "vote_reminder", "delivery"],
                           choices)
    users = [member, moderator, outsider]
    clients = logged_in(users)

    @given(user=st.sampled_from(users), data=fields_of(fields),
           follow=st.one_of(_ids([own, others]), identifier))
    def run(user, data, follow):
        post_and_check(clients[user.pk], "/members/notifications/", data,
                       models=(NotificationPreferences,), accepted=redirected)
        response = post_and_check(
            clients[user.pk], f"/members/notifications/following/{follow}/stop/", {},
            models=(Follow,), accepted=redirected,
        )
        assert not (user != member and follow == own.pk and redirected(response))

    run()


# Each form the lifecycle actions ask for gets its own examples (400 under `make fuzz`).
FORMS = sorted({transition.form_class.__name__ for transition in TRANSITIONS.values()})


@pytest.mark.parametrize("form", FORMS)
def test_every_lifecycle_action_answers_any_input_calmly(client, director, form):
    proposals = [make_proposal(stage) for stage in (Stage.DISCUSSION, Stage.RESOLUTION)]
    client.force_login(director)
    asking = sorted(name for name, transition in TRANSITIONS.items()
                    if transition.form_class.__name__ == form)
    names = st.one_of(st.sampled_from(asking), hostile_text)

    @given(
        proposal=st.sampled_from(proposals), name=names,
        data=form_data(["reason", "minutes_url", "notes", "confirm", "days"]),
    )
    def run(proposal, name, data):
        post_and_check(client, f"/admin/governance/{proposal.pk}/{name}/", data,
                       models=(Resolution,), accepted=said(" done."))

    run()


def test_fuzz_sending_sponsor_applications_to_a_vote_answers_any_post_calmly(client, director):
    from membership.models import SponsorOrganisation
    from tests.fuzzing import identifier
    from tests.membership.factories import SponsorOrganisationFactory
    from voting.models import Ballot

    applied = SponsorOrganisationFactory(status=SponsorOrganisation.Status.APPLIED)
    organisations = st.one_of(st.just(str(applied.pk)), identifier.map(str), hostile_text)
    client.force_login(director)

    @given(data=st.fixed_dictionaries({}, optional={"organisation": organisations}))
    def run(data):
        post_and_check(client, "/admin/governance/sponsor-applications/", data,
                       models=(Ballot,), accepted=said("is now a member vote"))

    run()
