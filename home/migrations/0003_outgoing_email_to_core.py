from django.db import migrations


class Migration(migrations.Migration):
    """The outbox is core's now (core/migrations/0001_initial.py keeps its table)."""

    dependencies = [
        ("home", "0002_outgoing_email"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
        ),
    ]
