"""How people are named to others: by their member name, never by login or address."""

from django.contrib.auth.models import AbstractUser

account_full_name = AbstractUser.get_full_name


def full_name_of(user):
    """The member's public name, or the account's own first and last names if not a member."""
    member = getattr(user, "member", None) if user.pk else None
    return member.name if member is not None else account_full_name(user)


def display_name(user):
    """A name to show others: the full name, never the login or e-mail address."""
    return full_name_of(user) or f"Member {user.pk}"


def display_name_from_columns(*, member_name, first_name, last_name, pk):
    """`display_name` from the columns alone, for long lists read without model instances."""
    full_name = member_name if member_name is not None else f"{first_name} {last_name}".strip()
    return full_name or f"Member {pk}"
