"""Board elections: nominations, acceptance, the approval vote, seats, and ties."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from membership.models import BoardSeat, CategoryCode, CategoryGrant
from tests.factories import UserFactory
from tests.membership.factories import MemberFactory
from tests.voting.factories import enrolled_voter
from voting import elections, housekeeping, services
from voting.models import Ballot, BoardNomination, Election, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(director):
    today = timezone.localdate()
    return elections.open_election(
        user=director, title="Board election 2026", seats=2,
        nominations_close_at=timezone.now() + datetime.timedelta(days=7),
        term_starts=today, term_ends=today + datetime.timedelta(days=365),
    )


def close_nominations(election):
    Election.objects.filter(pk=election.pk).update(
        nominations_close_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    election.refresh_from_db()


def stand(election, name):
    """A member nominated and accepted, so on the ballot."""
    candidate = MemberFactory(name=name)
    nomination = elections.nominate(election=election, user=candidate.user, nominee=candidate)
    elections.accept(nomination=nomination, user=candidate.user, statement=f"I am {name}.")
    return candidate


# Opening an election ----------------------------------------------------------------


def test_a_director_opens_nominations_for_a_number_of_seats(election):
    assert election.seats == 2
    assert elections.nominations_open(election)


def test_only_directors_and_officers_open_an_election(member):
    with pytest.raises(PermissionDenied):
        elections.open_election(
            user=member, title="Mine", seats=1, nominations_close_at=timezone.now(),
            term_starts=timezone.localdate(), term_ends=timezone.localdate(),
        )
    assert not Election.objects.exists()


# Nominating -------------------------------------------------------------------------


def test_any_member_nominates_a_member_who_is_asked_by_email(
    election, member, django_capture_on_commit_callbacks
):
    nominee = MemberFactory(name="Ada Lovelace")

    with django_capture_on_commit_callbacks(execute=True):
        nomination = elections.nominate(election=election, user=member, nominee=nominee)

    assert nomination.accepted_at is None
    assert mail.outbox[-1].to == [nominee.email]
    assert "accept the" in mail.outbox[-1].body


def test_a_member_may_nominate_themselves(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=member.member)

    assert nomination.nominee == member.member


def test_someone_who_is_not_a_member_cannot_nominate(election):
    with pytest.raises(PermissionDenied, match="Only members can nominate"):
        elections.nominate(election=election, user=UserFactory(), nominee=MemberFactory())
    assert not BoardNomination.objects.exists()


def test_a_non_member_cannot_be_nominated(election, member):
    with pytest.raises(services.VotingError, match="Only members can be nominated"):
        elections.nominate(election=election, user=member, nominee=UserFactory())
    assert not BoardNomination.objects.exists()


def test_a_duplicate_nomination_is_refused(election, member):
    nominee = MemberFactory(name="Ada Lovelace")
    elections.nominate(election=election, user=member, nominee=nominee)

    with pytest.raises(services.VotingError, match="already nominated"):
        elections.nominate(election=election, user=nominee.user, nominee=nominee)
    assert BoardNomination.objects.count() == 1


def test_a_nomination_after_nominations_close_is_refused(election, member):
    close_nominations(election)

    with pytest.raises(services.VotingError, match="closed on"):
        elections.nominate(election=election, user=member, nominee=member.member)
    assert not BoardNomination.objects.exists()


# Accepting --------------------------------------------------------------------------


def test_the_nominee_accepts_with_a_statement(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=member.member)

    elections.accept(nomination=nomination, user=member, statement="  I will serve.  ")

    nomination.refresh_from_db()
    assert nomination.accepted_at is not None
    assert nomination.statement == "I will serve."


def test_only_the_nominee_can_accept(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=MemberFactory())

    with pytest.raises(PermissionDenied):
        elections.accept(nomination=nomination, user=member, statement="Not me.")


def test_accepting_twice_is_refused_and_the_first_statement_stands(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=member.member)
    elections.accept(nomination=nomination, user=member, statement="First.")

    with pytest.raises(services.VotingError, match="already accepted"):
        elections.accept(nomination=nomination, user=member, statement="Second.")
    nomination.refresh_from_db()
    assert nomination.statement == "First."


def test_accepting_without_a_statement_is_refused(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=member.member)

    with pytest.raises(services.VotingError, match="statement"):
        elections.accept(nomination=nomination, user=member, statement="   ")
    nomination.refresh_from_db()
    assert nomination.accepted_at is None


def test_accepting_after_nominations_close_is_refused(election, member):
    nomination = elections.nominate(election=election, user=member, nominee=member.member)
    close_nominations(election)

    with pytest.raises(services.VotingError, match="closed on"):
        elections.accept(nomination=nomination, user=member, statement="Late.")


# The vote ---------------------------------------------------------------------------


@pytest.fixture
def voters(voting_period):
    return [enrolled_voter(period=voting_period) for _ in range(5)]


@pytest.fixture
def voting_period():
    from tests.voting.factories import VotingPeriodFactory

    return VotingPeriodFactory()


def test_the_vote_cannot_start_while_nominations_are_open(election, director):
    stand(election, "Ada")

    with pytest.raises(services.VotingError, match="Nominations are open until"):
        elections.start_vote(election, user=director)
    assert not Ballot.objects.exists()


def test_the_vote_needs_a_candidate(election, director, member, voting_period):
    elections.nominate(election=election, user=member, nominee=member.member)
    close_nominations(election)

    with pytest.raises(services.VotingError, match="Nobody has accepted"):
        elections.start_vote(election, user=director)
    assert not Ballot.objects.exists()


def test_the_ballot_is_approval_voting_for_the_seats_among_those_who_accepted(
    election, director, member, voting_period, voters
):
    stand(election, "Ada")
    stand(election, "Brian")
    elections.nominate(election=election, user=member, nominee=MemberFactory(name="Not Standing"))
    close_nominations(election)

    ballot = elections.start_vote(election, user=director)

    question = ballot.questions.get()
    assert ballot.status == Ballot.Status.OPEN
    assert question.kind == Question.Kind.APPROVAL
    assert question.seats == 2
    assert [option.label for option in question.options.all()] == ["Ada", "Brian"]
    assert "I am Ada." in ballot.description


def test_housekeeping_starts_the_vote_when_nominations_close(election, voting_period, voters):
    stand(election, "Ada")
    close_nominations(election)

    done = housekeeping.run()

    election.refresh_from_db()
    assert done["election_votes_started"] == 1
    assert election.ballot.status == Ballot.Status.OPEN
    assert housekeeping.run()["election_votes_started"] == 0


def vote(ballot, voter, *names):
    question = ballot.questions.get()
    marks = [question.options.get(label=name).pk for name in names]
    services.cast(ballot, user=voter.user, answers={question.pk: marks})


def test_winners_get_board_seats_managing_membership_and_the_directors_group(
    election, director, voting_period, voters
):
    ada, brian, cleo = (stand(election, name) for name in ("Ada", "Brian", "Cleo"))
    close_nominations(election)
    ballot = elections.start_vote(election, user=director)
    for voter, names in zip(voters, [("Ada", "Brian"), ("Ada", "Brian"), ("Ada", "Cleo"),
                                     ("Brian",), ("Cleo",)], strict=True):
        vote(ballot, voter, *names)

    services.close_ballot(ballot, user=director)

    seated = {seat.member for seat in BoardSeat.objects.filter(starts=election.term_starts)}
    assert seated == {ada, brian}
    seat = BoardSeat.objects.get(member=ada, starts=election.term_starts)
    assert seat.ends == election.term_ends
    assert CategoryGrant.objects.active_on(timezone.localdate()).of(
        CategoryCode.MANAGING
    ).filter(member=ada).exists()
    assert ada.user.groups.filter(name="Directors").exists()
    assert not cleo.user.groups.filter(name="Directors").exists()


def test_a_tie_at_the_last_seat_is_reported_to_the_directors_not_broken(
    election, director, voting_period, voters, django_capture_on_commit_callbacks
):
    ada, brian, cleo = (stand(election, name) for name in ("Ada", "Brian", "Cleo"))
    close_nominations(election)
    ballot = elections.start_vote(election, user=director)
    for voter, names in zip(voters, [("Ada", "Brian"), ("Ada", "Cleo"), ("Ada",), (), ()],
                            strict=True):
        vote(ballot, voter, *names)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.close_ballot(ballot, user=director)

    seated = {seat.member for seat in BoardSeat.objects.filter(starts=election.term_starts)}
    assert seated == {ada}
    report = next(message for message in mail.outbox if "tie" in message.subject)
    assert director.email in report.to
    assert "Brian (1 marks)" in report.body
    assert "Cleo (1 marks)" in report.body
    assert "1 seat(s) left" in report.body


def test_a_seat_is_lost_when_the_term_ends(election, director, voting_period, voters):
    from membership import housekeeping as membership_housekeeping

    ada = stand(election, "Ada")
    close_nominations(election)
    ballot = elections.start_vote(election, user=director)
    vote(ballot, voters[0], "Ada")
    services.close_ballot(ballot, user=director)

    membership_housekeeping.run(on=election.term_ends + datetime.timedelta(days=1))

    assert not ada.user.groups.filter(name="Directors").exists()


# Pages ------------------------------------------------------------------------------


def test_a_member_nominates_through_the_election_page(client, election, member):
    nominee = MemberFactory(name="Ada Lovelace")
    client.force_login(member)

    response = client.post(
        reverse("voting:election", args=[election.pk]), {"nominee": "ada lovelace"}, follow=True
    )

    assert "Ada Lovelace is nominated" in response.content.decode()
    assert BoardNomination.objects.get().nominee == nominee


def test_the_election_page_says_why_a_nomination_is_refused(client, election, member):
    close_nominations(election)
    client.force_login(member)

    response = client.post(
        reverse("voting:election", args=[election.pk]), {"nominee": member.member.name}
    )

    assert response.status_code == 200
    assert "closed on" in response.content.decode()
    assert not BoardNomination.objects.exists()


def test_visitors_are_asked_to_log_in_to_nominate(client, election):
    response = client.post(
        reverse("voting:election", args=[election.pk]), {"nominee": "Anyone"}
    )

    assert response.status_code == 302
    assert not BoardNomination.objects.exists()


def test_the_nominee_accepts_from_their_dashboard(client, election, member):
    elections.nominate(election=election, user=member, nominee=member.member)
    client.force_login(member)

    dashboard = client.get(reverse("membership:dashboard")).content.decode()
    assert "You are nominated for" in dashboard
    nomination = BoardNomination.objects.get()
    response = client.post(
        reverse("voting:accept_nomination", args=[nomination.pk]),
        {"statement": "I will serve the members."}, follow=True,
    )

    assert "You stand in" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.statement == "I will serve the members."


def test_accepting_someone_elses_nomination_is_not_found(client, election, member):
    nomination = elections.nominate(election=election, user=member, nominee=MemberFactory())
    client.force_login(member)

    response = client.post(
        reverse("voting:accept_nomination", args=[nomination.pk]), {"statement": "Mine now."}
    )

    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.accepted_at is None


def test_elections_are_listed_with_what_to_do(client, election):
    response = client.get(reverse("voting:elections"))

    page = response.content.decode()
    assert "Board election 2026" in page
    assert "Nominate someone" in page


def test_directors_start_the_vote_from_the_admin(client, election, director, voting_period):
    stand(election, "Ada")
    close_nominations(election)
    client.force_login(director)

    listing = client.get(reverse("voting_elections:index")).content.decode()
    assert "Start the vote" in listing
    response = client.post(
        reverse("voting_start_election_vote", args=[election.pk]), follow=True
    )

    assert "is open until" in response.content.decode()
    election.refresh_from_db()
    assert election.ballot is not None


def test_an_election_cannot_be_edited_once_the_vote_started(
    client, election, director, voting_period
):
    stand(election, "Ada")
    close_nominations(election)
    elections.start_vote(election, user=director)
    client.force_login(director)

    response = client.post(reverse("voting_elections:edit", args=[election.pk]), {
        "title": "Changed", "seats": 5, "voting_days": 14,
        "nominations_close_at": "2026-01-01 10:00", "term_starts": "2026-01-01",
        "term_ends": "2027-01-01",
    })

    assert "can no longer change" in response.content.decode()
    election.refresh_from_db()
    assert election.seats == 2


def test_directors_group_can_manage_elections(director):
    directors = Group.objects.get(name="Directors")
    assert directors.permissions.filter(codename="add_election").exists()


def test_a_director_opens_an_election_from_the_admin(client, director):
    client.force_login(director)
    assert client.get(reverse("voting_elections:add")).status_code == 200

    response = client.post(reverse("voting_elections:add"), {
        "title": "Board election 2027", "seats": 3, "voting_days": 14,
        "nominations_close_at": "2027-01-15 12:00", "term_starts": "2027-02-01",
        "term_ends": "2029-01-31",
    })

    assert response.status_code == 302
    election = Election.objects.get(title="Board election 2027")
    assert election.seats == 3 and election.ballot is None
