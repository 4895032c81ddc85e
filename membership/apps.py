from django.apps import AppConfig


class MembershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "membership"
    verbose_name = "Membership: members, categories and working groups"

    def ready(self):
        from django.contrib.auth import get_user_model

        from membership.names import full_name_of

        # Wagtail's admin names people by get_full_name() and falls back to the login,
        # often an address's local part: a member is named by their public member name.
        get_user_model().get_full_name = full_name_of
