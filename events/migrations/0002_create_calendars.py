from django.db import migrations

# The two public calendars are reference data: every database has them, not only demo ones.
CALENDARS = [
    (
        "python-events",
        "Python events",
        10,
        "Larger Python events: conferences, sprints, workshops and trainings around the world.",
    ),
    (
        "user-group-events",
        "Python user group events",
        20,
        "Smaller events: user group meetups, project nights and talks near you.",
    ),
]


def create_calendars(apps, schema_editor):
    Calendar = apps.get_model("events", "Calendar")
    for slug, name, position, description in CALENDARS:
        Calendar.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_calendars, migrations.RunPython.noop)]
