from django.db import migrations


def fill(apps, schema_editor):
    # The historical model only says whether there is anything to do (a new database
    # has no events). The text itself must be what the current renderer writes, so
    # it comes from events.stored_vevents with the current models. Should a later schema change
    # ever make this step fail on an old database, it may become a no-op: the feeds
    # render events without current text themselves, and `manage.py
    # refresh_event_ics` stores it.
    if not apps.get_model("events", "Event").objects.exists():
        return
    from events.stored_vevents import refresh_stale_vevents

    refresh_stale_vevents()


class Migration(migrations.Migration):
    dependencies = [("events", "0006_rendered_vevent")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
