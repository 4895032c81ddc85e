from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance: the strategic decision-making lifecycle"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Revision

        from governance import member_votes
        from governance.receivers import restart_decision_on_edit

        post_save.connect(restart_decision_on_edit, sender=Revision)
        member_votes.connect()
