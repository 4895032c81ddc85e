from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance: the strategic decision-making lifecycle"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import workflow_approved, workflow_submitted

        from governance import member_votes
        from governance.permissions import AdminPagePermissionPolicy
        from governance.receivers import announce_discussion, record_discussion_submission

        workflow_submitted.connect(
            record_discussion_submission, dispatch_uid="governance-discussion-submitted"
        )
        workflow_approved.connect(
            announce_discussion, dispatch_uid="governance-discussion-opened"
        )
        member_votes.connect()
        register_permission_policy(Page, AdminPagePermissionPolicy(Page))
        connect_models()


def connect_models():
    """Hand governance.models what it uses from the modules that import it (the models
    import none of them: the import contract in pyproject.toml)."""
    from governance import amendments, board_decisions, feeds, page_forms, permissions, selectors
    from governance.models import BaseProposalPage, ResolutionTask, SectionPage

    SectionPage.permission_tester = permissions.SectionPermissionTester
    SectionPage.feed_class = feeds.SectionFeed
    SectionPage.with_archive_reasons = staticmethod(selectors.with_archive_reasons)
    BaseProposalPage.base_form_class = page_forms.ProposalPageForm
    BaseProposalPage.permission_tester = permissions.ProposalPermissionTester
    BaseProposalPage.page_context = staticmethod(selectors.proposal_page_context)
    BaseProposalPage.bring_up_to_date = staticmethod(amendments.bring_up_to_date)
    ResolutionTask.decisions = board_decisions
