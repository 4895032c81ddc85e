"""Demo voting: a period, enrolled demo voters, an open and a closed ballot, nominations."""

import datetime

from django.utils import timezone

from membership.anniversaries import one_year_from
from membership.models import CategoryCode, CategoryGrant, MembershipCategory
from membership.selectors import is_voting_eligible
from membership.services import grant_category
from voting import elections, fellowship, services
from voting.models import (
    Ballot,
    Criterion,
    Election,
    Electorate,
    FellowshipNomination,
    Question,
    VotingPeriod,
)

OPEN_BALLOT_TITLE = "Board election 2026, and a poll on the sprint venue"
CLOSED_BALLOT_TITLE = "Adopt the revised grants policy"

# The category that makes each demo user voting-eligible, if nothing does yet.
DEMO_VOTER_CATEGORIES = {
    "member": (CategoryCode.SUPPORTING, CategoryGrant.Source.CONTRIBUTION),
    "director": (CategoryCode.MANAGING, CategoryGrant.Source.BOARD_SEAT),
    "officer": (CategoryCode.CONTRIBUTING, CategoryGrant.Source.CERTIFICATION),
    "fellow": (CategoryCode.FELLOW, CategoryGrant.Source.STAFF),
}


def seed_ballots(users):
    """Create the demo period, enrolments and ballots if missing; safe to run twice."""
    today = timezone.localdate()
    if not VotingPeriod.objects.filter(year=today.year).exists():
        services.create_period(year=today.year, opens_on=datetime.date(today.year, 1, 1),
                               closes_on=datetime.date(today.year, 12, 31))
    voters = [_enrolled(users[username], *category)
              for username, category in DEMO_VOTER_CATEGORIES.items()]
    if not Ballot.objects.filter(title=CLOSED_BALLOT_TITLE).exists():
        _closed_ballot(voters)
    if not Ballot.objects.filter(title=OPEN_BALLOT_TITLE).exists():
        _open_ballot()
    if not Election.objects.exists():
        _election(users)
    if not FellowshipNomination.objects.exists():
        _fellowship_nomination(users)


def _enrolled(user, code, source):
    member = user.member
    if not is_voting_eligible(member):
        today = timezone.localdate()
        # The demo keeps the rules: a yearly category ends after a year.
        yearly = MembershipCategory.objects.get(code=code).term == MembershipCategory.Term.ANNUAL
        grant_category(member=member, code=code, starts=today, source=source,
                       ends=one_year_from(today) if yearly else None, note="Demo voter")
    services.enrol(member=member)
    return user


def _closed_ballot(voters):
    now = timezone.now()
    ballot = services.create_ballot(
        title=CLOSED_BALLOT_TITLE,
        description="The Board referred the revised grants policy to a binding member vote.",
        electorate=Electorate.VOTING_MEMBERS,
        opens_at=now - datetime.timedelta(days=7),
        # Longer than the minimum voting period, so opening it now is allowed; the demo
        # then closes it early, which counts no misses against the demo voters.
        closes_at=now + datetime.timedelta(days=8),
        questions=[
            {"text": "Adopt the revised grants policy?"},
            {"text": "Which grant size should we review first?",
             "kind": Question.Kind.SINGLE_CHOICE, "binding": False,
             "options": ["Up to $1,000", "Up to $10,000"]},
        ],
    )
    services.open_ballot(ballot)
    yes_no, poll = ballot.questions.all()
    choices = [("Yes", "Up to $1,000"), ("Yes", "Up to $10,000"), ("No", "Up to $1,000"),
               ("Yes", "")]
    for user, (vote, preference) in zip(voters, choices, strict=True):
        answers = {yes_no.pk: [yes_no.options.get(label=vote).pk]}
        if preference:
            answers[poll.pk] = [poll.options.get(label=preference).pk]
        services.cast(ballot, user=user, answers=answers)
    services.close_ballot(ballot)


def _open_ballot():
    now = timezone.now()
    ballot = services.create_ballot(
        title=OPEN_BALLOT_TITLE,
        description="Two seats on the Board are open. The poll is non-binding: the Board "
        "takes it into account when it decides.",
        electorate=Electorate.VOTING_MEMBERS,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=14),
        questions=[
            {"text": "Elect two Directors", "kind": Question.Kind.APPROVAL, "seats": 2,
             "options": ["Ada Lovelace", "Brett Cannon", "Chen Wei"]},
            {"text": "Where should the next core sprint be held?",
             "kind": Question.Kind.SINGLE_CHOICE, "binding": False,
             "options": ["Amsterdam", "Nairobi", "São Paulo"]},
        ],
    )
    services.open_ballot(ballot)


def _election(users):
    """Nominations open: the director stands, the member is asked to accept."""
    today = timezone.localdate()
    next_year = datetime.date(today.year + 1, 1, 1)
    election = elections.open_election(
        user=users["director"], title=f"Board election {next_year.year}", seats=3,
        nominations_close_at=timezone.now() + datetime.timedelta(days=21),
        term_starts=next_year, term_ends=datetime.date(next_year.year + 2, 12, 31),
    )
    director = users["director"]
    standing = elections.nominate(election=election, user=director, nominee=director.member)
    elections.accept(nomination=standing, user=director,
                     statement="I would keep the grants programme fast and fair.")
    elections.nominate(election=election, user=users["officer"], nominee=users["member"].member)


def _fellowship_nomination(users):
    fellowship.nominate(
        user=users["fellow"], nominee=users["officer"].member, criterion=Criterion.COORDINATING,
        description="Has run the regional conference for eight years and mentored its "
        "organisers.",
        urls=["https://example.org/conference"],
    )
