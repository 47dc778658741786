from django.core.files.storage import default_storage
from django.db import migrations


def keep_the_thumbnail_as_the_logo(apps, schema_editor):
    """A company kept its upload whole (up to 4096 x 4096, 29 MB as a PNG) and a 240-pixel
    thumbnail, which is larger than any page shows a logo: keep the thumbnail only."""
    Company = apps.get_model("jobs", "Company")
    for company in Company.objects.exclude(logo_thumbnail="").only("logo", "logo_thumbnail"):
        full_size = company.logo.name
        company.logo = company.logo_thumbnail.name
        company.save(update_fields=["logo"])
        if full_size and full_size != company.logo.name:
            default_storage.delete(full_size)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0008_rerender_markdown_with_cmark")]

    operations = [
        migrations.RunPython(keep_the_thumbnail_as_the_logo, migrations.RunPython.noop),
        migrations.RemoveField(model_name="company", name="logo_thumbnail"),
    ]
