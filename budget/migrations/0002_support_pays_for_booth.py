"""A sponsorship or grant names the booth it pays for (``ConferenceSupport.booth``).

Until now a booth kept a free-text sponsorship reference and an optional USD amount.
Before kits drops those columns (``run_before`` its 0006), each booth that had them is
linked to a sponsorship or grant:

- the open (not declined) support of the same conference (name, case-insensitive) and year
  without a booth yet, preferring one marked "a booth": the treasurer's amount stands;
- else, when the booth had an amount, a new agreed sponsorship of that amount, named by the
  reference (or "Booth");
- a reference without an amount and without a matching support has nothing to carry a
  sponsorship row (its amount must be more than zero) and is dropped.

Going back copies each linked support's amount and level into the booth's columns again.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_booths_to_supports(apps, schema_editor):
    Booth = apps.get_model("kits", "Booth")
    ConferenceSupport = apps.get_model("budget", "ConferenceSupport")
    booths = Booth.objects.exclude(sponsorship_reference="", sponsorship_usd__isnull=True)
    for booth in booths.select_related("booking").order_by("pk"):
        year = booth.conference_starts.year
        support = (
            ConferenceSupport.objects.filter(
                booth__isnull=True, conference__iexact=booth.conference_name, year=year
            )
            .exclude(status="declined")
            .order_by("-got_booth", "pk")
            .first()
        )
        if support is None and booth.sponsorship_usd:
            support = ConferenceSupport(
                kind="sponsorship",
                conference=booth.conference_name,
                event_id=booth.event_id,
                year=year,
                level_or_purpose=(booth.sponsorship_reference or "Booth")[:200],
                amount_usd=booth.sponsorship_usd,
                status="agreed",
                kit_id=booth.booking.kit_id if booth.booking_id else None,
            )
        if support is not None:
            support.booth_id = booth.pk
            support.got_booth = True
            support.save()


def copy_back_to_booths(apps, schema_editor):
    Booth = apps.get_model("kits", "Booth")
    ConferenceSupport = apps.get_model("budget", "ConferenceSupport")
    for support in ConferenceSupport.objects.filter(booth__isnull=False):
        Booth.objects.filter(pk=support.booth_id).update(
            sponsorship_reference=support.level_or_purpose[:100],
            sponsorship_usd=support.amount_usd,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_budget_models"),
        ("events", "0015_event_search_vector"),
        ("kits", "0005_booth_reports"),
    ]
    run_before = [("kits", "0006_booth_sponsorship_moves_to_budget")]

    operations = [
        migrations.AddField(
            model_name="conferencesupport",
            name="booth",
            field=models.OneToOneField(
                blank=True,
                help_text="The PSF booth this pays for; its report and costs show on the board's page.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="conference_support",
                to="kits.booth",
            ),
        ),
        migrations.AddConstraint(
            model_name="conferencesupport",
            constraint=models.CheckConstraint(
                condition=models.Q(("booth__isnull", True), ("got_booth", True), _connector="OR"),
                name="budget_support_booth_means_got_booth",
                violation_error_message="Tick “a booth” when the support pays for a booth.",
            ),
        ),
        # Last: the links it writes leave deferred foreign-key checks that an ALTER TABLE
        # after it in this transaction would trip over.
        migrations.RunPython(link_booths_to_supports, copy_back_to_booths),
    ]
