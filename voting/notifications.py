"""E-mails about voting; each is sent after its transaction commits, and none holds a choice."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

ENROLMENT_SUBJECT = "[Foundation] Enrol to vote in the {year} voting period"
ENROLMENT_BODY = """Dear {name},

You are eligible to vote in the foundation's {year} voting period ({opens_on} to {closes_on}).
Voting is an obligation you sign up for, not a duty of every member: if you would like to
vote this year, please affirm it here:

{base_url}/vote/enrol/

Once enrolled, missing {limit} binding votes in the period ends your voting rights until the
next period ("use it or lose it").
"""

RIGHTS_ENDED_SUBJECT = "[Foundation] Your voting rights have ended for this period"
RIGHTS_ENDED_BODY = """Dear {name},

You{role} missed {limit} binding votes in the {year} voting period, so your voting rights
have ended until the next voting period, as the membership model asks ("use it or lose it").
You will be invited to enrol again when the next period opens.
"""


def _send_after_commit(messages):
    messages = list(messages)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def enrolment_invitation(period, members, limit):
    """Ask each member to enrol for a period."""
    _send_after_commit(
        (
            ENROLMENT_SUBJECT.format(year=period.year),
            ENROLMENT_BODY.format(
                name=member.name, year=period.year, opens_on=period.opens_on,
                closes_on=period.closes_on, base_url=settings.WAGTAILADMIN_BASE_URL, limit=limit,
            ),
            settings.DEFAULT_FROM_EMAIL,
            [member.email],
        )
        for member in members
    )


def voting_rights_ended(enrolments, limit):
    """Tell each voter, in the role concerned, that their voting rights ended."""
    _send_after_commit(
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
