# Project issue 18: choices are sealed at the cast and marks are written only at the count.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery

from voting import sealing


def marks_point_at_their_ballot(apps, schema_editor):
    """Marks already written (closed ballots) keep counting, now tied only to their ballot."""
    Mark, CastBallot = apps.get_model("voting", "Mark"), apps.get_model("voting", "CastBallot")
    ballot = CastBallot.objects.filter(pk=OuterRef("cast_ballot")).values("ballot")[:1]
    Mark.objects.update(ballot=Subquery(ballot))


def open_ballots_get_a_key(apps, schema_editor):
    """A ballot open during the upgrade seals the casts made after it; see the README."""
    Ballot, BallotKey = apps.get_model("voting", "Ballot"), apps.get_model("voting", "BallotKey")
    Option = apps.get_model("voting", "Option")
    for ballot in Ballot.objects.filter(status="open"):
        questions = list(ballot.questions.all())
        slots = sum(q.seats if q.kind == "approval" else 1 for q in questions)
        largest = Option.objects.filter(question__ballot=ballot).aggregate(
            question=Max("question"), option=Max("pk"))
        public_key, private_key = sealing.new_ballot_keys()
        BallotKey.objects.create(
            ballot=ballot, public_key=public_key,
            wrapped_private_key=sealing.wrap_private_key(private_key),
            sealed_length=sealing.sealed_length(slots, largest["question"] or 0,
                                                largest["option"] or 0),
        )


def forward(apps, schema_editor):
    marks_point_at_their_ballot(apps, schema_editor)
    open_ballots_get_a_key(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0005_fair_ballots'),
    ]

    operations = [
        migrations.CreateModel(
            name='BallotKey',
            fields=[
                ('ballot', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='key', serialize=False, to='voting.ballot')),
                ('public_key', models.BinaryField()),
                ('wrapped_private_key', models.BinaryField(help_text="Never shown: the ballot's private key, encrypted with BALLOT_SEALING_KEY.")),
                ('sealed_length', models.PositiveIntegerField(help_text='Every choice is padded to this many bytes before it is sealed.')),
            ],
        ),
        migrations.AddField(
            model_name='castballot',
            name='sealed',
            field=models.BinaryField(editable=False, help_text='Never shown: the choices sealed with the ballot\'s public key; empty once counted.', null=True),
        ),
        migrations.AddField(
            model_name='mark',
            name='ballot',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='voting.ballot'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
