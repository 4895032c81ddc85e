"""Fellowship nominations and the Fellows' vote: the rules of the membership model, section 5."""

import datetime
import hashlib
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from wagtail.models import ModelLogEntry

from membership.models import CategoryCode, CategoryGrant
from membership.selectors import fellows
from membership.services import grant_fellowship
from tests.factories import UserFactory
from tests.membership.factories import MemberFactory, voting_member
from tests.voting.factories import EnrolmentFactory, VotingPeriodFactory
from voting import fellowship, services
from voting.models import Ballot, Electorate, FellowshipNomination, Threshold, VotingRules

pytestmark = pytest.mark.django_db


def nominate(fellow, nominee, **fields):
    values = {
        "criterion": "creating",
        "description": "Wrote and maintains a widely used HTTP library with superb docs.",
        "urls": ["https://example.com/project"],
        **fields,
    }
    return fellowship.nominate(user=fellow.user, nominee=nominee, **values)


@pytest.fixture
def period():
    return VotingPeriodFactory()


@pytest.fixture
def fellow(period):
    member = voting_member(CategoryCode.FELLOW, name="Grace Hopper")
    EnrolmentFactory(member=member, period=period)
    return member


@pytest.fixture
def nominee():
    return MemberFactory(name="Ada Lovelace")


# Who may nominate whom --------------------------------------------------------------


def test_a_fellow_nominates_a_member(fellow, nominee):
    nomination = nominate(fellow, nominee)

    assert nomination.nominee == nominee
    assert nomination.cycle == fellowship.current_cycle()
    assert nomination.urls == ["https://example.com/project"]


def test_a_member_who_is_not_a_fellow_cannot_nominate(nominee):
    supporting = voting_member(CategoryCode.SUPPORTING)

    with pytest.raises(PermissionDenied, match="Only a Fellow"):
        nominate(supporting, nominee)
    assert not FellowshipNomination.objects.exists()


def test_someone_who_is_not_a_member_cannot_be_nominated(fellow):
    outsider = UserFactory()

    with pytest.raises(services.VotingError, match="Only members can be nominated"):
        fellowship.nominate(
            user=fellow.user, nominee=outsider, criterion="creating", description="Great work."
        )
    assert not FellowshipNomination.objects.exists()


def test_a_sitting_fellow_cannot_be_nominated(fellow):
    other_fellow = voting_member(CategoryCode.FELLOW)

    with pytest.raises(services.VotingError, match="already a Fellow"):
        nominate(fellow, other_fellow)
    assert not FellowshipNomination.objects.exists()


def test_the_same_fellow_cannot_nominate_the_same_member_twice_in_a_cycle(fellow, nominee):
    nominate(fellow, nominee)

    with pytest.raises(services.VotingError, match="already nominated Ada Lovelace"):
        nominate(fellow, nominee, criterion="coordinating", description="Runs conferences.")
    assert FellowshipNomination.objects.count() == 1


def test_another_fellow_may_nominate_the_same_member(fellow, nominee):
    nominate(fellow, nominee)
    nominate(voting_member(CategoryCode.FELLOW), nominee)

    assert FellowshipNomination.objects.filter(nominee=nominee).count() == 2


def test_a_new_cycle_allows_a_new_nomination_by_the_same_fellow(fellow, nominee):
    nominate(fellow, nominee)
    next_year = fellowship.current_cycle() + 1

    later = fellowship.nominate(
        user=fellow.user, nominee=nominee, criterion="creating", description="Still great.",
        on=datetime.date(next_year, 1, 15),
    )

    assert later.cycle == next_year


# A nomination must not identify its nominator ---------------------------------------


@pytest.mark.parametrize("field, text", [
    ("description", "As Grace Hopper I can vouch for her work."),
    ("description", "Ask me at {email} for more."),
    ("description", "Mentored by {username} for years."),
    ("urls", "https://github.com/{username}/recommendation"),
])
def test_a_nomination_naming_its_nominator_is_refused(fellow, nominee, field, text):
    text = text.format(email=fellow.user.email, username=fellow.user.username)
    fields = {"description": text} if field == "description" else {"urls": [text]}

    with pytest.raises(services.VotingError, match="must not identify its nominator"):
        nominate(fellow, nominee, **fields)
    assert not FellowshipNomination.objects.exists()


@pytest.mark.parametrize("address, text", [
    ("ann@example.org", "Runs the annual sprint."),
    ("eve@example.org", "Organised every event of the year."),
    ("fellow@example.org", "Mentored fellow organisers for a decade."),
])
def test_words_that_only_contain_a_mark_are_not_refused(fellow, nominee, address, text):
    fellow.user.email = address
    fellow.user.save()

    nomination = nominate(fellow, nominee, description=text)

    assert nomination.description == text


@pytest.mark.parametrize("text", ["Ask JOSE about it.", "Jośe knows.", "Núñez vouches."])
def test_a_name_matches_whatever_its_case_and_accents(period, nominee, text):
    fellow = voting_member(CategoryCode.FELLOW, name="José Nunez")
    EnrolmentFactory(member=fellow, period=period)

    with pytest.raises(fellowship.NamesNominator):
        nominate(fellow, nominee, description=text)


def test_the_form_says_once_which_word_names_the_nominator(client, fellow, nominee):
    client.force_login(fellow.user)
    response = client.post(reverse("fellows_nominate"), {
        "nominee": nominee.name, "criterion": "creating",
        "description": "Grace here: she is the best.", "urls": "",
    })

    page = response.content.decode()
    assert page.count("must not identify its nominator") == 1
    assert "contains “grace”, your name" in page
    assert not FellowshipNomination.objects.exists()


# Nothing stored points at the nominator ---------------------------------------------


def test_no_column_of_a_nomination_holds_the_nominator(fellow, nominee):
    nomination = nominate(fellow, nominee)
    user = fellow.user

    relations = [
        field.name for field in FellowshipNomination._meta.get_fields()
        if field.is_relation and field.related_model in (type(user), type(fellow))
        and field.name != "nominee"
    ]
    assert relations == []
    assert not any(
        isinstance(field, (models.DateField, models.DateTimeField))
        for field in FellowshipNomination._meta.get_fields()
    )
    stored = " ".join(str(value) for value in FellowshipNomination.objects.values().get().values())
    for mark in (str(user.pk), user.username, user.email, fellow.name):
        assert mark not in stored.replace(str(nomination.pk), "").replace(
            nomination.nominator_digest, ""
        )


def test_the_digest_cannot_be_matched_to_a_fellow_without_the_key(fellow, nominee, settings):
    nomination = nominate(fellow, nominee)
    cycle, user = nomination.cycle, fellow.user
    candidates = [f"{cycle}:{user.pk}:{nominee.pk}", f"{user.pk}:{nominee.pk}", user.username]

    unkeyed = {hashlib.sha256(candidate.encode()).hexdigest() for candidate in candidates}
    assert nomination.nominator_digest not in unkeyed
    settings.FELLOW_NOMINATION_KEY = "a guess at the key"
    assert fellowship.nominator_digest(cycle, user, nominee) != nomination.nominator_digest


def test_a_nomination_sends_no_mail_and_logs_nothing_about_its_nominator(
    fellow, nominee, caplog
):
    log_entries = ModelLogEntry.objects.count()

    with caplog.at_level(logging.DEBUG):
        nominate(fellow, nominee)

    assert mail.outbox == []
    assert ModelLogEntry.objects.count() == log_entries
    assert fellow.user.username not in caplog.text
    assert fellow.name not in caplog.text


# The web form -----------------------------------------------------------------------


def form_data(**fields):
    return {
        "nominee": "Ada Lovelace",
        "criterion": "coordinating",
        "description": "Organised the first PyCon in her country and taught hundreds.",
        "urls": "https://example.com/talks\nhttps://example.com/book",
        **fields,
    }


def test_the_form_shows_both_criteria_to_a_fellow(client, fellow):
    client.force_login(fellow.user)

    response = client.get("/fellows/nominate/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "shows technical excellence" in page
    assert "teaching and coordinating others" in page
    assert "comment" not in page.lower()


def test_the_form_refuses_a_member_who_is_not_a_fellow(client, nominee):
    client.force_login(voting_member(CategoryCode.MANAGING).user)

    response = client.post("/fellows/nominate/", form_data())

    assert response.status_code == 403
    assert "Only Fellows can nominate" in response.content.decode()
    assert not FellowshipNomination.objects.exists()


def test_the_form_asks_visitors_to_log_in(client):
    response = client.get("/fellows/nominate/")

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_fellow_nominates_through_the_form(client, fellow, nominee):
    client.force_login(fellow.user)

    response = client.post("/fellows/nominate/", form_data(), follow=True)

    assert "nomination of Ada Lovelace is recorded" in response.content.decode()
    nomination = FellowshipNomination.objects.get()
    assert nomination.urls == ["https://example.com/talks", "https://example.com/book"]
    assert nomination.criterion == "coordinating"


def test_the_form_finds_the_nominee_by_email(client, fellow, nominee):
    client.force_login(fellow.user)

    client.post("/fellows/nominate/", form_data(nominee=nominee.user.email.upper()))

    assert FellowshipNomination.objects.get().nominee == nominee


@pytest.mark.parametrize("fields, message", [
    ({"nominee": "Nobody Known"}, "No member matches"),
    ({"description": "I, Grace Hopper, saw it myself."}, "contains “grace”, your name"),
    ({"urls": "not a url"}, "is not a web address"),
    ({"criterion": "popularity"}, "Select a valid choice"),
])
def test_the_form_says_why_it_refuses_a_nomination(client, fellow, nominee, fields, message):
    client.force_login(fellow.user)

    response = client.post("/fellows/nominate/", form_data(**fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FellowshipNomination.objects.exists()


def test_the_form_refuses_a_duplicate_and_says_so(client, fellow, nominee):
    client.force_login(fellow.user)
    client.post("/fellows/nominate/", form_data())

    response = client.post("/fellows/nominate/", form_data())

    assert "already nominated Ada Lovelace" in response.content.decode()
    assert FellowshipNomination.objects.count() == 1


def test_two_members_of_the_same_name_must_be_told_apart(client, fellow, nominee):
    MemberFactory(name="Ada Lovelace")
    client.force_login(fellow.user)

    response = client.post("/fellows/nominate/", form_data())

    assert "use their e-mail address" in response.content.decode()
    assert not FellowshipNomination.objects.exists()


# The Fellows' vote ------------------------------------------------------------------


@pytest.fixture
def electorate(fellow, period):
    """Three enrolled Fellows (the fixture's Fellow among them)."""
    others = [voting_member(CategoryCode.FELLOW) for _ in range(2)]
    for other in others:
        EnrolmentFactory(member=other, period=period)
    return [fellow, *others]


def test_a_director_gathers_the_nominations_into_one_fellows_ballot(
    director, fellow, nominee, electorate
):
    nominate(fellow, nominee)
    nominate(electorate[1], nominee, criterion="coordinating", description="Runs meet-ups.")
    nominate(fellow, MemberFactory(name="Guido Example"))

    ballot = fellowship.gather_into_ballot(user=director)

    assert ballot.status == Ballot.Status.OPEN
    assert ballot.electorate == Electorate.FELLOWS
    texts = [question.text for question in ballot.questions.all()]
    assert len(texts) == 2
    assert "Does Ada Lovelace meet the coordinating or creating criterion" in " ".join(texts)
    assert {question.threshold for question in ballot.questions.all()} == {Threshold.TWO_THIRDS}
    assert ballot.roll.count() == 3
    assert not FellowshipNomination.objects.filter(question__isnull=True).exists()


def test_the_board_may_raise_the_threshold_to_three_quarters(director, fellow, nominee, electorate):
    rules = VotingRules.load()
    rules.fellowship_threshold = Threshold.THREE_QUARTERS
    rules.save()
    nominate(fellow, nominee)

    ballot = fellowship.gather_into_ballot(user=director)

    assert ballot.questions.get().threshold == Threshold.THREE_QUARTERS


def test_only_a_director_or_officer_gathers_nominations(fellow, nominee):
    nominate(fellow, nominee)

    with pytest.raises(PermissionDenied):
        fellowship.gather_into_ballot(user=fellow.user)
    assert not Ballot.objects.exists()


def test_gathering_with_nothing_waiting_is_refused(director):
    with pytest.raises(services.VotingError, match="no nominations waiting"):
        fellowship.gather_into_ballot(user=director)


def test_a_nominee_who_became_a_fellow_meanwhile_is_not_voted_on(director, fellow, nominee):
    nominate(fellow, nominee)
    grant_fellowship(member=nominee, source=CategoryGrant.Source.LEGACY_IMPORT)

    with pytest.raises(services.VotingError, match="no nominations waiting"):
        fellowship.gather_into_ballot(user=director)


def vote(ballot, voters, choices):
    question = ballot.questions.get()
    for voter, choice in zip(voters, choices, strict=True):
        option = question.options.get(code=choice)
        services.cast(ballot, user=voter.user, answers={question.pk: [option.pk]})


def test_two_thirds_of_the_fellows_make_the_nominee_a_fellow_for_life(
    director, fellow, nominee, electorate
):
    nominate(fellow, nominee)
    ballot = fellowship.gather_into_ballot(user=director)
    vote(ballot, electorate, ["yes", "yes", "no"])

    services.close_ballot(ballot, user=director)

    grant = CategoryGrant.objects.of(CategoryCode.FELLOW).get(member=nominee)
    assert grant.ends is None
    assert grant.source == CategoryGrant.Source.FELLOWSHIP_VOTE
    assert nominee in fellows()


def test_a_nominee_short_of_the_threshold_is_not_made_a_fellow(
    director, fellow, nominee, electorate
):
    nominate(fellow, nominee)
    ballot = fellowship.gather_into_ballot(user=director)
    vote(ballot, electorate, ["yes", "no", "abstain"])

    services.close_ballot(ballot, user=director)

    assert nominee not in fellows()


def test_the_new_fellow_appears_on_the_public_roll(client, director, fellow, nominee, electorate):
    nominate(fellow, nominee)
    ballot = fellowship.gather_into_ballot(user=director)
    vote(ballot, electorate, ["yes", "yes", "yes"])
    services.close_ballot(ballot, user=director)

    response = client.get(reverse("membership:fellows"))

    assert "Ada Lovelace" in response.content.decode()


# The Directors' admin screen --------------------------------------------------------


def test_directors_see_waiting_nominations_without_any_nominator(
    client, director, fellow, nominee
):
    nominate(fellow, nominee)
    client.force_login(director)

    response = client.get(reverse("voting_fellowship_nominations"))

    page = response.content.decode()
    assert "Ada Lovelace" in page
    assert "Wrote and maintains" in page
    assert fellow.name not in page


def test_directors_gather_from_the_admin(client, director, fellow, nominee, electorate):
    nominate(fellow, nominee)
    client.force_login(director)

    response = client.post(reverse("voting_fellowship_nominations"), {"days": "10"}, follow=True)

    assert "is open to the Fellows" in response.content.decode()
    assert Ballot.objects.get().electorate == Electorate.FELLOWS


def test_the_admin_refuses_a_bad_number_of_days(client, director, fellow, nominee):
    nominate(fellow, nominee)
    client.force_login(director)

    response = client.post(reverse("voting_fellowship_nominations"), {"days": "x"}, follow=True)

    assert "1 to 90" in response.content.decode()
    assert not Ballot.objects.exists()


def test_members_cannot_open_the_nominations_screen(client, fellow):
    client.force_login(fellow.user)

    response = client.get(reverse("voting_fellowship_nominations"))

    assert response.status_code in (302, 403)
