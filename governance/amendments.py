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

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import TextChoices
from wagtail.fields import StreamValue

from governance.errors import TransitionError
from governance.models import field_text

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


# An unchanged run longer than this is shortened to its ends, so a one-word change in a long
# policy shows as that word in context, not as the whole text again.
CONTEXT_WORDS = 12


class Change(TextChoices):
    KEPT = "kept"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class Words:
    """A run of words in a word-level diff: kept, removed or added."""

    kind: Change
    text: str

    @property
    def removed(self) -> bool:
        return self.kind == Change.REMOVED

    @property
    def added(self) -> bool:
        return self.kind == Change.ADDED


@dataclass(frozen=True)
class FieldDiff:
    label: str
    words: list[Words]


def word_diffs(amendment) -> list[FieldDiff]:
    """Each field the amendment changes, word by word, against the policy text it was
    drafted against (which its own revision pins, so the diff never drifts)."""
    base = drafted_against(amendment)
    if base is None:
        return []
    diffs = []
    for name in amendment.amendable_fields:
        if field_text(amendment, name) == field_text(base, name):
            continue
        words = word_diff(plain_text(base, name), plain_text(amendment, name))
        if any(run.kind != Change.KEPT for run in words):  # not only a change of layout
            label = amendment._meta.get_field(name).verbose_name.capitalize()
            diffs.append(FieldDiff(label=label, words=words))
    return diffs


def plain_text(page, name) -> str:
    """A field's words as a reader sees them: a StreamField's blocks one per line."""
    value = getattr(page, name)
    if isinstance(value, StreamValue):
        return "\n".join(
            " ".join(block.block.get_searchable_content(block.value)) for block in value
        )
    return str(value or "")


def word_diff(old: str, new: str) -> list[Words]:
    """`old` turned into `new` word by word; each word keeps the spaces before it, and
    punctuation counts as a word, so "travel." → "travel and lodging." adds two words."""
    before, after = _tokens(old), _tokens(new)
    runs = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept = _shortened(before[i1:i2], first=not runs, last=i2 == len(before))
            runs.append(Words(Change.KEPT, kept))
            continue
        if i2 > i1:
            runs.append(Words(Change.REMOVED, "".join(before[i1:i2])))
        if j2 > j1:
            runs.append(Words(Change.ADDED, "".join(after[j1:j2])))
    return runs


def _tokens(text):
    return re.findall(r"\s*(?:\w+|[^\w\s])|\s+$", text)


def _shortened(tokens, *, first, last):
    if len(tokens) <= 2 * CONTEXT_WORDS:
        return "".join(tokens)
    head = [] if first else tokens[:CONTEXT_WORDS]
    tail = [] if last else tokens[-CONTEXT_WORDS:]
    return "".join(head) + " …" + "".join(tail)
