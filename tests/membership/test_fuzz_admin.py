"""Fuzzing the staff and Board screens of membership: renewing a Sponsor Member, ending a
delegation early, and the Board's review of pro-forma charters. Each is tried by the role
that may use it and by roles that may not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import ModelLogEntry

from membership import services
from membership.models import CategoryGrant, SponsorOrganisation, SponsorTerm
from tests.fuzzing import (
    fields_of,
    get_and_check,
    hostile_text,
    identifier,
    logged_in,
    post_and_check,
    said,
)
from tests.membership.factories import MemberFactory, SponsorOrganisationFactory

pytestmark = pytest.mark.django_db

PLONE = {
    "organisation": "Plone Foundation", "role": "Board member",
    "link": "https://plone.org/foundation/members", "affirms_hours": True,
}


def _pks(*records):
    return st.one_of(st.sampled_from([record.pk for record in records]), st.integers(0, 2**70))


def _sponsor_records():
    """An admitted sponsor, a refused one, and a delegation of the admitted one."""
    admitted = SponsorOrganisationFactory()
    refused = SponsorOrganisationFactory(status=SponsorOrganisation.Status.REFUSED)
    delegation = services.name_delegate(organisation=admitted, member=MemberFactory())
    return admitted, refused, delegation


# Each screen its own examples (400 under `make fuzz`); the services log every success.
# A refusal of the role redirects too (to the dashboard), so a success is its message.
SCREENS = {
    "renew": ("/admin/membership/sponsors/{pk}/renew/", "payment_reference",
              (SponsorTerm, ModelLogEntry), " is renewed: "),
    "end delegation": ("/admin/membership/delegates/{pk}/end/", "reason", (ModelLogEntry,),
                       "; the seat is free."),
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_fuzz_sponsor_renewal_and_ending_a_delegation_answer_any_request_calmly(
    staff, director, member, screen
):
    admitted, refused, delegation = _sponsor_records()
    path, field, models, success = SCREENS[screen]
    pks = _pks(delegation) if screen == "end delegation" else _pks(admitted, refused)
    clients = logged_in([staff, director, member])

    @given(user=st.sampled_from([staff, director, member]), pk=pks,
           method=st.sampled_from(["get", "post"]), data=fields_of({field: hostile_text}))
    def run(user, pk, method, data):
        if method == "get":
            get_and_check(clients[user.pk], path.format(pk=pk), data)
            return
        response = post_and_check(clients[user.pk], path.format(pk=pk), data, models=models,
                                  accepted=said(success))
        assert user == staff or not said(success)(response)

    run()


def test_fuzz_the_pro_forma_charter_review_answers_any_post_calmly(staff, director, member):
    waiting = services.submit_pro_forma_charter(member=MemberFactory(), **PLONE)
    decided = services.decide_pro_forma_charter(
        charter=services.submit_pro_forma_charter(member=MemberFactory(), **PLONE),
        reviewer=director, approved=False, reason="The link does not show the role.",
    )
    own = services.submit_pro_forma_charter(member=director.member, **PLONE)
    charters = st.one_of(st.sampled_from([str(charter.pk) for charter in (waiting, decided, own)]),
                         identifier.map(str), hostile_text)
    decided = said("The pro-forma charter of ")
    decisions = st.one_of(st.sampled_from(["approve", "refuse"]), hostile_text)
    clients = logged_in([staff, director, member])

    @given(user=st.sampled_from([staff, director, member]),
           data=fields_of({"charter": charters, "decision": decisions, "reason": hostile_text}))
    def run(user, data):
        response = post_and_check(
            clients[user.pk], "/admin/membership/pro-forma-charters/", data,
            models=(ModelLogEntry, CategoryGrant), accepted=decided,
        )
        assert user != member or not decided(response)

    run()
