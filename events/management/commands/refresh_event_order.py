from django.core.management.base import BaseCommand

from events.models import Event


class Command(BaseCommand):
    help = (
        "Move each series whose next occurrence is over on to its following one, so "
        "upcoming lists stay in date order. Run it hourly (cron); idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the series only.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            count = Event.objects.due_for_reorder().count()
            self.stdout.write(f"{count} series would move to their next occurrence.")
            return
        count = Event.objects.refresh_next_starts()
        self.stdout.write(f"{count} series moved to their next occurrence.")
