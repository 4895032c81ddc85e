from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance: the strategic decision-making lifecycle"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Revision
        from wagtail.signals import workflow_submitted

        from governance import member_votes
        from governance.receivers import record_discussion_submission, restart_decision_on_edit

        post_save.connect(restart_decision_on_edit, sender=Revision)
        workflow_submitted.connect(
            record_discussion_submission, dispatch_uid="governance-discussion-submitted"
        )
        member_votes.connect()
