"""Fuzzing governance: the sense-of-the-room poll and every lifecycle action."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.models import Resolution, Stage, Stance
from governance.views import STANCE_RECORDED, TRANSITIONS
from tests.fuzzing import form_data, hostile_text, post_and_check, said
from tests.governance.factories import make_proposal

pytestmark = pytest.mark.django_db


def test_the_poll_answers_any_input_calmly(client, member):
    proposal = make_proposal(Stage.DISCUSSION)
    client.force_login(member)

    @given(data=form_data(["position", "reason"]))
    def run(data):
        post_and_check(client, f"/governance/stances/{proposal.pk}/", data,
                       models=(Stance,), accepted=said(STANCE_RECORDED))

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
