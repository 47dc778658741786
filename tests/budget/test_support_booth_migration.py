"""The booth's old sponsorship columns move to budget: each booth that had a reference or an
amount ends up linked to a sponsorship or grant, the treasurer's row winning over the booth's
figure, before kits drops the columns."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# In the test's transaction, as tests/community/test_history_migrations.py: PostgreSQL
# rolls the schema changes back with the rows. A committed (transaction=True) test would
# end with a flush whose post_migrate rows collide with the serialized_rollback tests after it.
pytestmark = pytest.mark.django_db

BEFORE = [("budget", "0001_budget_models"), ("kits", "0005_booth_reports")]
AFTER = [
    ("budget", "0002_support_pays_for_booth"),
    ("kits", "0006_booth_sponsorship_moves_to_budget"),
]


def migrate(targets):
    # Rows written in this test's transaction leave deferred foreign-key checks pending,
    # and PostgreSQL refuses ALTER TABLE on such a table until they have run.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaves():
    graph = MigrationExecutor(connection).loader.graph
    return [graph.leaf_nodes(app)[0] for app in ("budget", "kits")]


def test_booth_sponsorships_become_links_on_the_budget_side():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Booth = apps.get_model("kits", "Booth")
    Support = apps.get_model("budget", "ConferenceSupport")
    lead = User.objects.create(username="lead")

    def booth(name, **fields):
        return Booth.objects.create(
            conference_name=name,
            conference_city="Pittsburgh",
            conference_country="US",
            conference_starts=date(2026, 5, 14),
            conference_ends=date(2026, 5, 18),
            lead=lead,
            **fields,
        )

    matched = booth("PyCon US", sponsorship_reference="SP-7", sponsorship_usd=Decimal("5000"))
    treasurers = Support.objects.create(
        kind="sponsorship",
        conference="pycon us",
        year=2026,
        level_or_purpose="Platinum",
        amount_usd=Decimal("15000"),
        status="agreed",
        got_booth=False,
    )
    new = booth("EuroPython", sponsorship_reference="EP silver", sponsorship_usd=Decimal("900"))
    reference_only = booth("PyCon ZA", sponsorship_reference="to be agreed")
    untouched = booth("DjangoCon US")

    try:
        apps = migrate(AFTER)
        Support = apps.get_model("budget", "ConferenceSupport")
        linked = {s.booth_id: s for s in Support.objects.filter(booth__isnull=False)}
        assert set(linked) == {matched.pk, new.pk}
        assert linked[matched.pk].pk == treasurers.pk
        assert linked[matched.pk].amount_usd == Decimal("15000")
        assert linked[matched.pk].got_booth
        created = linked[new.pk]
        assert (created.kind, created.conference, created.year) == (
            "sponsorship",
            "EuroPython",
            2026,
        )
        assert (created.level_or_purpose, created.amount_usd) == ("EP silver", Decimal("900"))
        assert created.got_booth
        assert reference_only.pk not in linked
        assert untouched.pk not in linked

        # And back: the linked amounts return to the booths' columns.
        apps = migrate(BEFORE)
        Booth = apps.get_model("kits", "Booth")
        assert Booth.objects.get(pk=matched.pk).sponsorship_usd == Decimal("15000")
        assert Booth.objects.get(pk=new.pk).sponsorship_reference == "EP silver"
    finally:
        migrate(leaves())
