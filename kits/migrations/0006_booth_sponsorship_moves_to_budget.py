"""The booth's sponsorship reference and amount move to budget's ``ConferenceSupport.booth``.

Kits never imports budget, so this migration names no budget migration: budget's
``0002_support_pays_for_booth`` declares ``run_before`` this one and copies the values
into sponsorships before these columns go.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("kits", "0005_booth_reports"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="booth",
            name="kits_booth_sponsorship_not_negative",
        ),
        migrations.RemoveField(
            model_name="booth",
            name="sponsorship_reference",
        ),
        migrations.RemoveField(
            model_name="booth",
            name="sponsorship_usd",
        ),
    ]
