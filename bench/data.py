"""Build the benchmark's proposals: 2,000 across the five sections, 1,000 of them active."""

from wagtail.rich_text import RichText

from governance.models import ProposalPage, SectionPage, Stage

PROPOSALS_PER_STAGE = {
    Stage.ACTIVE: 1_000,
    Stage.DISCUSSION: 400,
    Stage.RESOLUTION: 200,
    Stage.RETIRED: 200,
    Stage.ARCHIVED: 200,
}
PARAGRAPH = (
    "<p>The foundation will publish its grants, their amounts and their recipients every "
    "quarter, so that members can follow how the money entrusted to it is spent.</p>"
)


def build_proposals():
    """Published proposals placed with the tree API; returns one active policy's path."""
    for stage, total in PROPOSALS_PER_STAGE.items():
        section = SectionPage.objects.get(stage=stage)
        for number in range(total):
            section.add_child(
                instance=ProposalPage(
                    title=f"{stage.label} {number}",
                    summary="A realistic summary of what the proposal asks the Board to do.",
                    body=[("heading", "Background"), ("paragraph", RichText(PARAGRAPH))] * 4,
                    live=True,
                )
            )
        print(f"  built {total} proposals in {stage.label}", flush=True)
    policy = ProposalPage.objects.in_stage(Stage.ACTIVE).live().first()
    return policy.url
