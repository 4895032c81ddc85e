"""Migrations that change membership data keep what it already holds."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_TERMS = [("membership", "0003_declared_project_licence")]
AFTER_TERMS = [("membership", "0004_sponsor_terms")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_admitted_sponsors_term_becomes_its_first_term_row():
    apps = _migrate(BEFORE_TERMS)
    SponsorLevel = apps.get_model("membership", "SponsorLevel")
    SponsorOrganisation = apps.get_model("membership", "SponsorOrganisation")
    level = SponsorLevel.objects.create(name="Migrated", yearly_fee=3000, delegate_seats=1)
    admitted = SponsorOrganisation.objects.create(
        name="Admitted Ltd", level=level, status="admitted",
        term_starts="2026-03-01", term_ends="2027-02-28",
    )
    SponsorOrganisation.objects.create(name="Waiting Ltd", level=level, status="applied")
    try:
        SponsorTerm = _migrate(AFTER_TERMS).get_model("membership", "SponsorTerm")
        term = SponsorTerm.objects.get()
        assert (term.organisation_id, term.level_id) == (admitted.pk, level.pk)
        assert (str(term.starts_on), str(term.ends_on)) == ("2026-03-01", "2027-02-28")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
