from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The floor every app stands on: mail, caches, limits, locks, security, the clock.

    It imports no domain app (see docs/architecture.md, enforced by import-linter).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site infrastructure"

    def ready(self) -> None:
        from core import exports, task_retries  # noqa: F401 (task_retries: its receiver)

        exports.install()
