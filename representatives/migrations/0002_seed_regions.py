from django.db import migrations

# The regions the PSF works in. Reference data, so it exists in every database,
# not only in demo data; later regions are added in the admin.
REGIONS = [
    (
        "North America",
        "north-america",
        "active",
        10,
        "Kits kept in the United States; PyCon US and North American regional conferences.",
    ),
    ("South America", "south-america", "active", 20, "Kits and user groups across South America."),
    (
        "Europe",
        "europe",
        "active",
        30,
        "Kits produced in Europe to cut shipping costs to EuroPython and European PyCons.",
    ),
    (
        "India",
        "india",
        "planned",
        40,
        "The first regional PSF representative is planned for India.",
    ),
    (
        "Australia",
        "australia",
        "planned",
        50,
        "A kit for PyCon AU and the Oceania community is planned.",
    ),
    (
        "Asia",
        "asia",
        "planned",
        60,
        "Kits and representatives for Asian Python communities are planned.",
    ),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("representatives", "Region")
    for name, slug, status, position, description in REGIONS:
        Region.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "status": status,
                "position": position,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("representatives", "0001_initial")]

    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
