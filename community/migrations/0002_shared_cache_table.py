from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The "shared" cache's table (settings.CACHES); a no-op when it exists.
    call_command(
        "createcachetable", "community_shared_cache", database=schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_content_versions")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
