from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_stored_markdown_html"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="jobpost",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["country"],
                name="jobs_post_country_idx",
            ),
        ),
    ]
