from django.db import migrations, models


def refresh(apps, schema_editor):
    # The stored VEVENT text (events.stored_vevents) is rendered with the current models,
    # so it is stored here, after the schema change it needs, rather than in 0007 and
    # 0012. If a later schema change makes this fail on an old database, move this step
    # to that migration the same way (`manage.py refresh_event_ics` does the same).
    if not apps.get_model("events", "Event").objects.exists():
        return
    from events.stored_vevents import refresh_stale_vevents

    refresh_stale_vevents()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_event_public_country_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="moved_occurrences",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Occurrences (by their original start) moved to another time or retitled.",
            ),
        ),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
