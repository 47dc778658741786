"""JobTransition becomes a community.workflow.TransitionRecord.

The columns are renamed, not replaced, so every history row stays: created_at → at,
comment → reason.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("draft", "Draft"),
    ("review", "Waiting for review"),
    ("changes_requested", "Changes requested"),
    ("approved", "Published"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("removed", "Removed"),
    ("filled", "Filled"),
    ("withdrawn", "Withdrawn"),
    ("spam", "Spam"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_drop_review_partial_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="jobtransition", old_name="created_at", new_name="at"),
        migrations.RenameField(model_name="jobtransition", old_name="comment", new_name="reason"),
        migrations.AlterModelOptions(
            name="jobtransition",
            options={"get_latest_by": "at", "ordering": ["at", "pk"]},
        ),
        # PostgreSQL renames the column inside the index too: only Django's view of the
        # index changes, the index is not rebuilt.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="jobtransition", name="jobs_transition_post_idx"),
                migrations.AddIndex(
                    model_name="jobtransition",
                    index=models.Index(fields=["post", "-at"], name="jobs_transition_post_idx"),
                ),
            ]
        ),
        migrations.AlterField(
            model_name="jobtransition",
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
            model_name="jobtransition",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUSES, max_length=30),
        ),
        migrations.AlterField(
            model_name="jobtransition",
            name="to_status",
            field=models.CharField(choices=STATUSES, max_length=30),
        ),
    ]
