from django.db import migrations


def refresh(apps, schema_editor):
    # Once stored the VEVENT text with the current models; the schema moved on
    # (events.Event.moved_occurrences), so on an old database with events that step
    # failed. 0014_event_moved_occurrences stores the text instead, after the last
    # schema change it needs (and `manage.py refresh_event_ics` does the same).
    return


class Migration(migrations.Migration):
    dependencies = [("events", "0011_description_length_limit")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
