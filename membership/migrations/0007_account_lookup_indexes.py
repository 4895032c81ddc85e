"""Indexes on Django's user table for the look-ups sign-up and log-in make.

allauth picks a new account's username with `UPPER(username) = UPPER(...)` and finds
accounts by address with `email = ...` and `UPPER(email) = UPPER(...)`; without an
index each reads the whole table: 0.4 s a sign-up with 100,000 members
(bench/sign_up_mail.py on the bench database). The user model is Django's, so its
indexes are added here.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Index
from django.db.models.functions import Upper

INDEXES = [
    Index(Upper("username"), name="auth_user_username_upper"),
    Index(Upper("email"), name="auth_user_email_upper"),
    Index("email", name="auth_user_email"),
]


def add_indexes(apps, schema_editor):
    user = apps.get_model(settings.AUTH_USER_MODEL)
    for index in INDEXES:
        schema_editor.add_index(user, index)


def remove_indexes(apps, schema_editor):
    user = apps.get_model(settings.AUTH_USER_MODEL)
    for index in INDEXES:
        schema_editor.remove_index(user, index)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0006_notification_preferences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
