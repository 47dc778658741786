"""EventStatusChange becomes a community.workflow.TransitionRecord.

The columns are renamed, not replaced, so every history row stays: changed_by → by,
changed_at → at.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("submitted", "Submitted"),
    ("published", "Published"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
    ("archived", "Archived"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_event_next_start"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="eventstatuschange", old_name="changed_by", new_name="by"
        ),
        migrations.RenameField(
            model_name="eventstatuschange", old_name="changed_at", new_name="at"
        ),
        migrations.AlterModelOptions(
            name="eventstatuschange",
            options={"get_latest_by": "at", "ordering": ["at", "pk"]},
        ),
        migrations.AlterField(
            model_name="eventstatuschange",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="eventstatuschange",
            name="by",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for automatic changes (expiry, import).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="eventstatuschange",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUSES, max_length=30),
        ),
        migrations.AlterField(
            model_name="eventstatuschange",
            name="to_status",
            field=models.CharField(choices=STATUSES, max_length=30),
        ),
    ]
