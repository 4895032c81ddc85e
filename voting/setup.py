"""Idempotent set-up for voting: who may manage ballots, periods and the voting rules."""

from django.contrib.auth.models import Group, Permission

from core.roles import BOARD_GROUPS

# No delete: a ballot's records are the foundation's history once it has opened.
MANAGER_PERMISSIONS = [
    ("ballot", "add"), ("ballot", "change"), ("ballot", "view"),
    ("votingperiod", "add"), ("votingperiod", "change"), ("votingperiod", "view"),
    ("votingrules", "change"),
    ("election", "add"), ("election", "change"), ("election", "view"),
]


def ensure_voting_permissions():
    """Let Directors and Officers manage ballots, voting periods and the voting rules."""
    permissions = Permission.objects.filter(
        content_type__app_label="voting",
        codename__in=[f"{action}_{model}" for model, action in MANAGER_PERMISSIONS],
    )
    for group in Group.objects.filter(name__in=BOARD_GROUPS):
        group.permissions.add(*permissions)
