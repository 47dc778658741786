from django.core.management.base import BaseCommand

from events.models import Calendar
from events.stored_vevents import refresh_stale_vevents, stale_events


class Command(BaseCommand):
    help = (
        "Store the ICS text of every event whose stored text is missing or out of date "
        "(after SITE_URL, a calendar's slug, icalendar or Markdown changed). Idempotent. "
        "Feeds are correct without it, only slower to build."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the events, store nothing."
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            count = sum(stale_events(calendar).count() for calendar in Calendar.objects.all())
            self.stdout.write(f"{count} events would be rendered and stored.")
            return
        count = refresh_stale_vevents()
        self.stdout.write(f"{count} events rendered and stored.")
