"""A submitter may withdraw a submission: the "withdrawn" status."""

from django.db import migrations, models

STATUSES = [
    ("submitted", "Submitted"),
    ("published", "Published"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
    ("archived", "Archived"),
    ("withdrawn", "Withdrawn"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_eventstatuschange_transition_record"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="event", name="event_status_valid"),
        migrations.AlterField(
            model_name="event",
            name="status",
            field=models.CharField(choices=STATUSES, default="submitted", max_length=10),
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
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(status__in=[value for value, _ in STATUSES]),
                name="event_status_valid",
            ),
        ),
    ]
