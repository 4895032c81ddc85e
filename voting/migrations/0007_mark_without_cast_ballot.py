# A mark no longer says which cast ballot it came from (project issue 18).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0006_sealed_ballots'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='mark',
            name='an_option_marked_once_per_ballot',
        ),
        # Nullable first, so that going back re-adds a column that can stay empty.
        migrations.AlterField(
            model_name='mark',
            name='cast_ballot',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='voting.castballot'),
        ),
        migrations.RemoveField(
            model_name='mark',
            name='cast_ballot',
        ),
        migrations.AlterField(
            model_name='mark',
            name='ballot',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='voting.ballot'),
        ),
    ]
