"""Idempotent set-up of the governance page tree (DESIGN.md section 3)."""

from governance.models import GovernanceIndexPage, SectionPage, Stage

INDEX_INTRODUCTION = (
    "<p>The primary mechanism for strategic decision making in the foundation is "
    "through resolutions of its Board. Some changes are of sufficient import that they "
    "benefit from a period of open discussion amongst the membership first.</p>"
    "<p>Any member, Basic Members included, may submit a proposal for discussion. A "
    "Director or Officer moves it to resolution when it is ready; it is then resolved by "
    "a Board resolution or, at the Board's discretion, by a binding vote of the voting "
    "members.</p>"
)

# Slugs and wording from the strategic decision-making document.
SECTIONS = [
    (
        Stage.DISCUSSION,
        "proposals-for-discussion",
        "<p>Any member (including Basic Members) may submit a proposal here for "
        "discussion with the full membership.</p>",
    ),
    (
        Stage.RESOLUTION,
        "proposals-for-resolution",
        "<p>A Director or Officer has judged these proposals ready for resolution. Each "
        "will be resolved by a Board resolution or by a binding vote of the voting "
        "members.</p>",
    ),
    (
        Stage.ACTIVE,
        "active-policies",
        "<p>Proposals resolved favourably that did not amend an existing policy. "
        "Amendments update the policy they amend.</p>",
    ),
    (
        Stage.RETIRED,
        "retired-policies",
        "<p>Policies that were once active and have been retired.</p>",
    ),
    (
        Stage.ARCHIVED,
        "archived-proposals",
        "<p>Proposals resolved unfavourably or withdrawn, and amendments once they have "
        "been applied to the policy they amend.</p>",
    ),
]


def ensure_governance_tree(home):
    """Return the governance index, creating it and any missing section."""
    index = GovernanceIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=GovernanceIndexPage(
                title="Governance", slug="governance", introduction=INDEX_INTRODUCTION
            )
        )
    existing = set(SectionPage.objects.child_of(index).values_list("stage", flat=True))
    for stage, slug, introduction in SECTIONS:
        if stage not in existing:
            index.add_child(
                instance=SectionPage(
                    title=stage.label, slug=slug, stage=stage, introduction=introduction
                )
            )
    return index


def section_for(stage):
    """Return the live section page for a stage."""
    return SectionPage.objects.get(stage=stage)
