import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def terms_from_organisations(apps, schema_editor):
    """Each admitted organisation's one term becomes its first SponsorTerm row."""
    SponsorOrganisation = apps.get_model("membership", "SponsorOrganisation")
    SponsorTerm = apps.get_model("membership", "SponsorTerm")
    SponsorTerm.objects.bulk_create(
        SponsorTerm(
            organisation=organisation, level_id=organisation.level_id,
            starts_on=organisation.term_starts, ends_on=organisation.term_ends,
        )
        for organisation in SponsorOrganisation.objects.filter(
            term_starts__isnull=False, term_ends__isnull=False
        )
    )


def organisations_from_terms(apps, schema_editor):
    """Going back keeps only each organisation's latest term."""
    SponsorTerm = apps.get_model("membership", "SponsorTerm")
    for term in SponsorTerm.objects.order_by("organisation", "starts_on"):
        organisation = term.organisation
        organisation.term_starts, organisation.term_ends = term.starts_on, term.ends_on
        organisation.save(update_fields=["term_starts", "term_ends"])


class Migration(migrations.Migration):

    dependencies = [
        ("membership", "0003_declared_project_licence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SponsorTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_on", models.DateField()),
                ("ends_on", models.DateField(help_text="Last day of the term.")),
                ("payment_reference", models.CharField(blank=True, help_text="Staff only; the payment that paid for a renewal.", max_length=100)),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                ("level", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="terms", to="membership.sponsorlevel")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="terms", to="membership.sponsororganisation")),
                ("recorded_by", models.ForeignKey(blank=True, help_text="The staff member who recorded a renewal.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-starts_on"],
                "constraints": [
                    models.UniqueConstraint(fields=("organisation", "starts_on"), name="one_sponsor_term_per_start"),
                    models.UniqueConstraint(condition=models.Q(("payment_reference", ""), _negated=True), fields=("payment_reference",), name="sponsor_payment_recorded_once"),
                    models.CheckConstraint(condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="sponsor_term_ends_after_it_starts"),
                ],
            },
        ),
        migrations.AddField(
            model_name="sponsordelegate",
            name="end_reason",
            field=models.CharField(blank=True, help_text="Why the delegation ended before its term did; staff only.", max_length=255),
        ),
        migrations.RunPython(terms_from_organisations, organisations_from_terms),
        migrations.RemoveField(model_name="sponsororganisation", name="term_ends"),
        migrations.RemoveField(model_name="sponsororganisation", name="term_starts"),
    ]
