from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_post_country_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="jobpost",
            index=models.Index(
                fields=["status", "submitted_at", "id"], name="jobs_post_status_queue_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="jobpost",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["submitted_at", "id"],
                name="jobs_post_submitted_idx",
            ),
        ),
    ]
