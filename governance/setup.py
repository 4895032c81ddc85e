"""Idempotent set-up of the governance page tree (docs/architecture.md section 3)."""

from django.contrib.auth.models import Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.roles import BOARD_GROUPS, MEMBERS_GROUP, MODERATORS_GROUP
from governance.models import (
    SET_POLICY_DETAILS,
    GovernanceIndexPage,
    ResolutionTask,
    SectionPage,
    Stage,
)

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


# The access table (strategic decision-making, "Access Control"; docs/architecture.md,
# section 3): Members add and edit their own proposals for discussion and publish
# only through moderation, which Moderators give; Directors and Officers act in
# every section, and pages move between sections only through the lifecycle
# (governance.permissions).
BOARD_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
SECTION_PERMISSIONS = {
    (MEMBERS_GROUP, Stage.DISCUSSION): ["add_page"],
    # Moderators review others' submissions through the workflow (which opens the editor
    # to them while a review is pending) and publish nothing themselves.
    (MODERATORS_GROUP, Stage.DISCUSSION): ["add_page"],
    **{(group, stage): BOARD_PERMISSIONS for group in BOARD_GROUPS for stage in Stage},
}

DISCUSSION_WORKFLOW = "Publish for discussion"
DISCUSSION_TASK = "Moderators approve"
RESOLUTION_WORKFLOW = "Resolution"
RESOLUTION_TASK = "Board decides"


def ensure_section_permissions(groups):
    """Give the role groups exactly the page permissions of the access table."""
    wanted = set()
    for (group_name, stage), codenames in SECTION_PERMISSIONS.items():
        section = section_for(stage)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            wanted.add((groups[group_name].pk, section.pk, permission.pk))
    existing = GroupPagePermission.objects.filter(group__in=groups.values())
    # Wagtail's first migration gives its own "Moderators" group rights on the whole
    # tree; the access table allows them only in discussion, so those go.
    for grant in existing:
        if (grant.group_id, grant.page_id, grant.permission_id) not in wanted:
            grant.delete()
    for group_id, page_id, permission_id in wanted:
        GroupPagePermission.objects.get_or_create(
            group_id=group_id, page_id=page_id, permission_id=permission_id
        )


def ensure_board_permissions(groups):
    """Let Directors and Officers set what only the Board sets on a proposal."""
    app_label, codename = SET_POLICY_DETAILS.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    for name in BOARD_GROUPS:
        groups[name].permissions.add(permission)


def ensure_workflows(groups):
    """The moderation workflow on discussion and the Board's workflow on resolution."""
    moderation = _ensure_task(GroupApprovalTask, DISCUSSION_TASK)
    moderation.groups.set([groups[MODERATORS_GROUP]])
    _ensure_workflow(DISCUSSION_WORKFLOW, moderation, section_for(Stage.DISCUSSION))
    decision = _ensure_task(ResolutionTask, RESOLUTION_TASK)
    _ensure_workflow(RESOLUTION_WORKFLOW, decision, section_for(Stage.RESOLUTION))


def _ensure_task(task_class, name):
    task = task_class.objects.filter(name=name).first()
    return task or task_class.objects.create(name=name)


def _ensure_workflow(name, task, section):
    workflow, _ = Workflow.objects.get_or_create(name=name)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow


def ensure_governance(home, groups):
    """Everything governance needs on a site: tree, page permissions and workflows."""
    index = ensure_governance_tree(home)
    ensure_section_permissions(groups)
    ensure_board_permissions(groups)
    ensure_workflows(groups)
    return index
