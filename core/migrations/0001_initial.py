from django.db import migrations, models


class Migration(migrations.Migration):
    """The outbox moves from home to core; its table stays where it is."""

    initial = True

    dependencies = [
        ("home", "0002_outgoing_email"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("subject", models.CharField(max_length=255)),
                        ("body", models.TextField()),
                        ("from_email", models.CharField(blank=True, max_length=255)),
                        ("to", models.JSONField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=255)),
                    ],
                    options={
                        "db_table": "home_outgoingemail",
                        "indexes": [models.Index(fields=["sent_at", "attempts"], name="home_outgoi_sent_at_c12914_idx")],
                    },
                ),
            ],
        ),
    ]
