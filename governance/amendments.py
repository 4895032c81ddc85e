"""Amendments change only what they change (strategic decision-making, "Active Policies":
"proposals to amend an existing policy will instead be used to appropriately update
the relevant policy page").

An amendment remembers the policy revision it was drafted against
(`amends_revision`). Adopting it applies only the fields whose text differs from
that revision, so two amendments adopted in a row keep both changes. If the policy
changed since in a field the amendment also changes, adoption is refused and the
Board sees both versions; the amendment is brought up to date in discussion, where
each save takes in the policy's newer text for every field the amendment leaves
alone.
"""

from dataclasses import dataclass

from governance.models import field_text
from governance.roles import TransitionError

CONFLICT = (
    "The policy changed since this amendment was drafted, in: {fields}. Adopting it would "
    "undo that change. Return the amendment to discussion so its authors can bring it up "
    "to date."
)


class AmendmentConflict(TransitionError):
    """An amendment whose fields were changed in the policy since it was drafted."""


@dataclass(frozen=True)
class FieldChange:
    """One field an amendment changes: the policy's text then and now, and the proposal."""

    name: str
    label: str
    drafted_against: object
    policy_now: object
    proposed: object
    conflict: bool


def drafted_against(amendment):
    """The policy as it was when the amendment was drafted, or None if unknown."""
    revision = amendment.amends_revision
    if revision is None or revision.object_id != str(amendment.amends_id):
        return None
    return revision.as_object()


def changes(amendment, policy):
    """Every field the amendment changes, compared with the policy now."""
    if type(policy) is not type(amendment):
        return []  # refused as an amendment of another type before anything is compared
    base = drafted_against(amendment)
    rows = []
    for name in amendment.amendable_fields:
        if base is not None and field_text(amendment, name) == field_text(base, name):
            continue
        rows.append(FieldChange(
            name=name,
            label=amendment._meta.get_field(name).verbose_name.capitalize(),
            drafted_against=getattr(base, name) if base is not None else None,
            policy_now=getattr(policy, name),
            proposed=getattr(amendment, name),
            conflict=base is not None and field_text(policy, name) != field_text(base, name),
        ))
    return rows


def decided_policy(amendment):
    """The live policy an amendment amends, or None for a proposal that amends nothing."""
    return amendment.amends.specific if amendment.amends_id and amendment.amends else None


def check_up_to_date(amendment, policy):
    """Raise AmendmentConflict if the policy changed since in a field the amendment changes."""
    conflicts = [change.label for change in changes(amendment, policy) if change.conflict]
    if conflicts:
        raise AmendmentConflict(CONFLICT.format(fields=", ".join(conflicts)))


def apply(amendment, policy):
    """Copy onto `policy` only the fields `amendment` changes; return their names."""
    names = [change.name for change in changes(amendment, policy)]
    for name in names:
        setattr(policy, name, getattr(amendment, name))
    return names


def bring_up_to_date(amendment):
    """Draft the amendment against the policy as it is now, keeping only its own changes."""
    policy = amendment.amends.specific if amendment.amends_id else None
    current = policy.live_revision if policy is not None else None
    if current is None or amendment.amends_revision_id == current.pk:
        return
    base = drafted_against(amendment)
    if base is not None:
        for name in amendment.amendable_fields:
            if field_text(amendment, name) == field_text(base, name):
                setattr(amendment, name, getattr(policy, name))
    amendment.amends_revision = current
