from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home page and site-wide settings"

    def ready(self):
        from home import signals

        signals.connect()
