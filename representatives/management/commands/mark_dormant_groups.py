from django.core.management.base import BaseCommand

from representatives.models import DORMANT_AFTER
from representatives.services import groups_mark_dormant


class Command(BaseCommand):
    help = (
        f"Mark user groups with no activity for {DORMANT_AFTER.days} days dormant and send "
        "each region's representatives a digest of them (daily, idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the groups that would become dormant."
        )

    def handle(self, *args, dry_run, **options):
        groups = groups_mark_dormant(dry_run=dry_run)
        for group in groups:
            region = group.region.name if group.region else "no region"
            self.stdout.write(
                f"  {group.name} ({region}), last activity {group.last_activity_at:%Y-%m-%d}"
            )
        verb = "would become" if dry_run else "became"
        self.stdout.write(f"{len(groups)} user group(s) {verb} dormant.")
