"""E-mails about voting; each is sent after its transaction commits, and none holds a choice."""

from django.conf import settings
from django.urls import reverse

from core.addresses import absolute_url
from core.mail import queue_mail
from membership.selectors import director_addresses

ENROLMENT_SUBJECT = "[Foundation] Enrol to vote in the {year} voting period"
ENROLMENT_BODY = """Dear {name},

You are eligible to vote in the foundation's {year} voting period ({opens_on} to {closes_on}).
Voting is an obligation you sign up for, not a duty of every member: if you would like to
vote this year, please affirm it here:

{enrol_url}

Once enrolled, missing {limit} binding votes in the period ends your voting rights until the
next period ("use it or lose it").
"""

RIGHTS_ENDED_SUBJECT = "[Foundation] Your voting rights have ended for this period"
RIGHTS_ENDED_BODY = """Dear {name},

You{role} missed {limit} binding votes in the {year} voting period, so your voting rights
have ended until the next voting period, as the membership model asks ("use it or lose it").
You will be invited to enrol again when the next period opens.
"""


def enrolment_invitation(period, members, limit):
    """Ask each member to enrol for a period."""
    enrol_url = absolute_url(reverse("voting:enrol"))
    queue_mail(
        (
            ENROLMENT_SUBJECT.format(year=period.year),
            ENROLMENT_BODY.format(
                name=member.name, year=period.year, opens_on=period.opens_on,
                closes_on=period.closes_on, enrol_url=enrol_url, limit=limit,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [member.email],
        )
        for member in members
    )


def voting_rights_ended(enrolments, limit):
    """Tell each voter, in the role concerned, that their voting rights ended."""
    queue_mail(
        (
            RIGHTS_ENDED_SUBJECT,
            RIGHTS_ENDED_BODY.format(
                name=enrolment.member.name,
                role=f", as a delegate of {enrolment.delegate_for}," if enrolment.delegate_for_id
                else "",
                limit=limit,
                year=enrolment.period.year,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [enrolment.member.email],
        )
        for enrolment in enrolments
    )


NOMINATED_SUBJECT = "[Foundation] You have been nominated for “{election}”"
NOMINATED_BODY = """Dear {name},

You have been nominated to stand in “{election}”. If you would like to stand, accept the
nomination with a statement for the voters on your member page before {closes}:

{dashboard_url}

If you do not accept, you will not be on the ballot.
"""

TIE_SUBJECT = "[Foundation] A tie for the last seat in “{election}”"
TIE_BODY = """The vote in “{election}” ended in a tie for the last seat(s).

Seated for the term: {seated}
Tied, with {seats_left} seat(s) left between them: {tied}

The site has not broken the tie: the Board decides how to fill the seat(s), as its
rules provide. The full results: {results_url}
"""


def board_nomination(nomination):
    """Ask a Board nominee to accept; Board nominations are public, unlike Fellowship ones."""
    election = nomination.election
    queue_mail([(
        NOMINATED_SUBJECT.format(election=election),
        NOMINATED_BODY.format(
            name=nomination.nominee.name, election=election,
            closes=f"{election.nominations_close_at:%d %B %Y, %H:%M %Z}",
            dashboard_url=absolute_url(reverse("membership:dashboard")),
        ),
        settings.DEFAULT_FROM_EMAIL,
        [nomination.nominee.email],
    )])


def election_tie(election, result):
    """Tell the Directors which candidates tied for the last seat."""
    body = TIE_BODY.format(
        election=election,
        seated=", ".join(member.name for member in result.seated) or "nobody",
        seats_left=result.seats_left,
        tied=", ".join(f"{member.name} ({count} marks)" for member, count in result.tied),
        results_url=absolute_url(reverse("voting:results", args=[election.ballot_id])),
    )
    queue_mail([
        (TIE_SUBJECT.format(election=election), body, settings.DEFAULT_FROM_EMAIL,
         director_addresses()),
    ])


NOT_APPLIED_SUBJECT = "[Foundation] The outcome of “{ballot}” was not applied"
NOT_APPLIED_BODY = """The ballot “{ballot}” closed and its results stand, but the site could not
carry out its outcome:

{note}

Nothing was changed on its subject. Put right what stopped it and carry out the decision
by hand. The ballot in the admin: {admin_url}
The results: {results_url}
"""

CANCELLED_SUBJECT = "[Foundation] The ballot “{ballot}” was cancelled"
CANCELLED_BODY = """Dear {name},

The ballot “{ballot}”, on whose roll you were, has been cancelled. The reason given:

{reason}

Nothing cast on it is counted, and not voting on it counts against nobody.
{ballot_url}
"""


def outcome_not_applied(ballot):
    """Tell the Directors that a closed ballot's outcome was not carried out, and why."""
    body = NOT_APPLIED_BODY.format(
        ballot=ballot, note=ballot.outcome_note,
        admin_url=absolute_url(reverse("voting_ballots:edit", args=[ballot.pk])),
        results_url=absolute_url(reverse("voting:results", args=[ballot.pk])),
    )
    queue_mail([
        (NOT_APPLIED_SUBJECT.format(ballot=ballot), body, settings.DEFAULT_FROM_EMAIL,
         director_addresses()),
    ])


def ballot_cancelled(ballot, members):
    """Tell each voter on a cancelled ballot's roll that it was cancelled, and why."""
    ballot_url = absolute_url(reverse("voting:cast", args=[ballot.pk]))
    queue_mail(
        (
            CANCELLED_SUBJECT.format(ballot=ballot),
            CANCELLED_BODY.format(
                name=member.name, ballot=ballot, reason=ballot.cancelled_reason,
                ballot_url=ballot_url,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [member.email],
        )
        for member in members
    )


OPENED_SUBJECT = "[Foundation] A ballot is open for your vote until {closes}"
OPENED_BODY = """Dear {name},

A ballot on whose roll you are opened on {opens} and stays open until {closes}:

{ballot_url}

Missing a binding vote counts against your voting rights ("use it or lose it").
"""


def ballot_opened(ballot, members):
    """Tell each voter on a ballot's roll that it opened and when it closes; never what it asks.

    The ballot's title stays out: a Fellowship ballot's roll is told nothing about who
    was nominated (new-membership-model.md, "Fellowship Nomination and Voting Procedure").
    """
    closes = f"{ballot.closes_at:%d %B %Y, %H:%M %Z}"
    opens = f"{ballot.opened_at:%d %B %Y, %H:%M %Z}"
    ballot_url = absolute_url(reverse("voting:cast", args=[ballot.pk]))
    messages = (
        (
            OPENED_SUBJECT.format(closes=closes),
            OPENED_BODY.format(
                name=member.name, opens=opens, closes=closes, ballot_url=ballot_url,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [member.email],
        )
        for member in members
    )
    # A roll can hold every voting member: the request only queues them, for the worker.
    queue_mail(messages)


COLLECT_SUBJECT = "[Foundation] Collect your teller's share for “{ballot}”"
COLLECT_BODY = """Dear {name},

The Directors named you a teller of the ballot “{ballot}”. Its votes are sealed with a key
that nobody holds whole: it is split into one share for each of the {count} tellers, and
{needed} of the shares must be entered together to count the ballot.

Collect your share here before the ballot opens; the ballot cannot open until every teller
has collected theirs:

{tellers_url}

The site shows your share once and then forgets it. Write the words down and keep them safe
and private until the count. If you lose them, the count needs the other tellers' shares
instead; if more than {spare} of the tellers lose theirs, the ballot can never be counted.
"""

ENTER_SUBJECT = "[Foundation] Voting has ended on “{ballot}”: enter your teller's share"
ENTER_BODY = """Dear {name},

Voting on “{ballot}” has ended. It is counted as soon as {needed} of its {count} tellers have
entered their shares; until then it waits, marked "awaiting tellers". Enter the words you
wrote down here:

{tellers_url}
"""


def _teller_message(subject, body, ballot, user, count, tellers_url):
    """One teller's e-mail; `count` is how many tellers the ballot has."""
    return (
        subject.format(ballot=ballot),
        body.format(
            name=user.member.name, ballot=ballot, count=count, needed=ballot.tellers_needed,
            spare=count - ballot.tellers_needed, tellers_url=tellers_url,
        ),
        settings.DEFAULT_FROM_EMAIL,
        [user.member.email],
    )


def _tellers_url():
    return absolute_url(reverse("voting_tellers"))


def tellers_asked_to_collect(ballot, users):
    """Ask every teller of a newly scheduled ballot to collect their share."""
    tellers_url = _tellers_url()
    queue_mail(
        _teller_message(COLLECT_SUBJECT, COLLECT_BODY, ballot, user, len(users), tellers_url)
        for user in users
    )


def tellers_asked_to_enter(ballot, users):
    """Ask each teller still holding a share of a ballot whose voting ended to enter it."""
    count = ballot.tellers.count()
    tellers_url = _tellers_url()
    queue_mail(
        _teller_message(ENTER_SUBJECT, ENTER_BODY, ballot, user, count, tellers_url)
        for user in users
    )


def teller_reminders(roles, counts):
    """Remind each teller what their ballot waits for; `counts` maps ballot id to its tellers."""
    tellers_url = _tellers_url()
    queue_mail(_reminder(role, counts[role.ballot_id], tellers_url) for role in roles)


def _reminder(role, count, tellers_url):
    waiting_to_open = role.ballot.status != role.ballot.Status.AWAITING_TELLERS
    subject, body = (COLLECT_SUBJECT, COLLECT_BODY) if waiting_to_open else (
        ENTER_SUBJECT, ENTER_BODY)
    reminder = "[Foundation] Reminder: " + subject.removeprefix("[Foundation] ")
    return _teller_message(reminder, body, role.ballot, role.user, count, tellers_url)


CLOSING_SUBJECT = "[Foundation] A ballot on whose roll you are closes on {closes}"
CLOSING_BODY = """Dear {name},

A ballot on whose roll you are closes on {closes}, and you have not yet voted in it:

{ballot_url}

This is the one reminder the site sends about it. Missing a binding vote counts against
your voting rights ("use it or lose it").

Choose which e-mails you get: {preferences_url}
"""


def ballot_closing(ballot, members, *, preferences_url):
    """Remind each voter who has not voted that the ballot closes soon; never what it asks
    (a Fellowship ballot's roll is told nothing about who was nominated) nor who voted."""
    closes = f"{ballot.closes_at:%d %B %Y, %H:%M %Z}"
    ballot_url = absolute_url(reverse("voting:cast", args=[ballot.pk]))
    queue_mail(
        (
            CLOSING_SUBJECT.format(closes=closes),
            CLOSING_BODY.format(name=member.name, closes=closes, ballot_url=ballot_url,
                                preferences_url=preferences_url),
            settings.DEFAULT_FROM_EMAIL,
            [member.email],
        )
        for member in members
    )
