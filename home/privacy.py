"""A member's own data, as JSON, and closing an account.

Closing keeps what the foundation must keep (contributions, grants as history,
who voted in which ballot, comments in a discussion, then signed "a former member")
and never touches Participation or a cast ballot; it ends what is current and
removes the personal details it need not keep.
"""


from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from governance import following
from governance.selectors import discussion_record
from membership import services as membership_services
from membership.selectors import personal_record, preferences_of, preferences_record
from voting import services as voting_services
from voting.selectors import voting_record

CLOSED_NAME = "Former member"


def personal_data(user):
    """Everything the site holds about one member, for them to download."""
    member = getattr(user, "member", None)
    data = {
        "account": {"username": user.username, "email": user.email,
                    "date_joined": str(user.date_joined), "last_login": str(user.last_login)},
        "notification_preferences": preferences_record(preferences_of(user)),
        **following.following_record(user),
        **discussion_record(user),
    }
    if member is None:
        return data
    return {**data, **personal_record(member), **voting_record(member)}


@transaction.atomic
def close_account(user):
    """Deactivate the account, end what is current, and forget personal details."""
    member = getattr(user, "member", None)
    today = timezone.localdate()
    if member is not None:
        membership_services.end_membership(member, on=today)
        voting_services.withdraw_member(member, on=today)
        member.name = CLOSED_NAME
        member.country = ""
        member.save(update_fields=["name", "country"])
    EmailAddress.objects.filter(user=user).delete()
    following.forget_follows(user)
    membership_services.forget_notification_preferences(user)
    Authenticator.objects.filter(user=user).delete()
    user.first_name = user.last_name = ""
    user.email = ""
    user.username = f"closed-{user.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    log(user, "home.account.close", user=user)
