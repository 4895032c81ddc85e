"""A member's own data, as JSON, and closing an account.

Closing keeps what the foundation must keep (contributions, grants as history,
who voted in which ballot) and never touches Participation or a cast ballot; it
ends what is current and removes the personal details it need not keep.
"""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from membership import services as membership_services
from membership.models import CategoryGrant
from voting.models import BoardNomination, Enrolment, FellowshipNomination, Participation

CLOSED_NAME = "Former member"


def _dates(queryset, *fields):
    return [
        {field: (str(value) if value is not None else None) for field, value in row.items()}
        for row in queryset.values(*fields)
    ]


def personal_data(user):
    """Everything the site holds about one member, for them to download."""
    member = getattr(user, "member", None)
    data = {
        "account": {"username": user.username, "email": user.email,
                    "date_joined": str(user.date_joined), "last_login": str(user.last_login)},
    }
    if member is None:
        return data
    data["member"] = {
        "name": member.name, "country": member.country, "joined": str(member.joined),
        "code_of_conduct_version": member.code_of_conduct_version,
        "code_of_conduct_agreed_at": str(member.code_of_conduct_agreed_at),
        "declines_supporter_gifts": member.declines_supporter_gifts,
    }
    data["category_grants"] = _dates(
        member.grants.order_by("starts"), "category__name", "starts", "ends", "source")
    data["contributions"] = _dates(
        member.contributions.order_by("received_on"), "amount", "received_on", "reference")
    data["certifications"] = _dates(
        member.certifications.order_by("certified_on"), "category__name", "certified_on")
    data["working_groups"] = _dates(
        member.working_group_memberships.order_by("joined_on"),
        "working_group__name", "joined_on", "left_on")
    data["board_seats"] = _dates(member.board_seats.order_by("starts"), "starts", "ends")
    data["managing_rolls"] = sorted(member.managing_recognitions.values_list("year", flat=True))
    data["pro_forma_charters"] = _dates(
        member.pro_forma_charters.order_by("submitted_on"),
        "organisation", "role", "link", "status", "submitted_on", "decided_on", "ends")
    data["enrolments"] = _dates(
        Enrolment.objects.filter(member=member).order_by("period__year"),
        "period__year", "delegate_for__name", "enrolled_at", "rights_ended_at")
    # Which ballots they voted in, never what they voted: that is not stored with them.
    data["voted_in"] = list(
        Participation.objects.filter(roll_entry__enrolment__member=member)
        .order_by("ballot__opens_at").values_list("ballot__title", flat=True)
    )
    return data


@transaction.atomic
def close_account(user):
    """Deactivate the account, end what is current, and forget personal details."""
    member = getattr(user, "member", None)
    today = timezone.localdate()
    if member is not None:
        _end_membership(member, today)
        member.name = CLOSED_NAME
        member.country = ""
        member.save(update_fields=["name", "country"])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.first_name = user.last_name = ""
    user.email = ""
    user.username = f"closed-{user.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    log(user, "home.account.close", user=user)


def _end_membership(member, on):
    # A grant's end is its last day held: the day before closing, or its first day.
    yesterday = on - datetime.timedelta(days=1)
    for grant in CategoryGrant.objects.active_on(on).filter(member=member):
        membership_services.end_grant(grant=grant, on=max(yesterday, grant.starts))
    for membership in member.working_group_memberships.current():
        membership_services.leave_working_group(
            member=member, working_group=membership.working_group, on=on)
    for seat in member.board_seats.filter(ends__gte=on):
        membership_services.end_board_seat(seat=seat, on=on)
    membership_services.end_delegations_of_closed_account(member=member, on=on)
    Enrolment.objects.filter(member=member, period__closes_on__gte=on).update(
        rights_ended_at=timezone.now(), rights_ended_reason="The member closed their account."
    )
    FellowshipNomination.objects.filter(nominee=member, question__isnull=True).delete()
    BoardNomination.objects.filter(nominee=member, election__ballot__isnull=True).delete()
