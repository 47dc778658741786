from django.db import migrations


def refresh(apps, schema_editor):
    # The stored VEVENT text is keyed on the Markdown renderer (events.ics.render_key),
    # which is now cmark-gfm: store the new text once here rather than have the first
    # feed requests render every event. Like 0007, this needs the current models; if a
    # later schema change makes it fail on an old database it may become a no-op
    # (`manage.py refresh_event_ics` does the same).
    if not apps.get_model("events", "Event").objects.exists():
        return
    from events.stored_vevents import refresh_stale_vevents

    refresh_stale_vevents()


class Migration(migrations.Migration):
    dependencies = [("events", "0011_description_length_limit")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
