from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance: the strategic decision-making lifecycle"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import workflow_submitted

        from governance import member_votes
        from governance.permissions import AdminPagePermissionPolicy
        from governance.receivers import record_discussion_submission

        workflow_submitted.connect(
            record_discussion_submission, dispatch_uid="governance-discussion-submitted"
        )
        member_votes.connect()
        register_permission_policy(Page, AdminPagePermissionPolicy(Page))
