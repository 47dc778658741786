from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Calendar
from events.services import ImportFailed, fetch_ics, import_ics


class Command(BaseCommand):
    help = (
        "Import an ICS feed (URL or file) into a calendar. Idempotent: events are matched "
        "by UID, so re-running updates them and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("calendar", help="Calendar slug: python-events or user-group-events.")
        parser.add_argument("source", help="An http(s):// or webcal:// URL, or a file path.")
        parser.add_argument(
            "--submitted",
            action="store_true",
            help="Put new events in the moderation queue instead of publishing them.",
        )
        parser.add_argument(
            "--timeout", type=float, default=20, help="Seconds the whole download may take."
        )
        parser.add_argument(
            "--max-events",
            type=int,
            default=None,
            help="Events to read from the feed (default: EVENT_FEED_MAX_EVENTS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change, save nothing."
        )

    def handle(self, *args, calendar, source, submitted, timeout, max_events, dry_run, **options):
        try:
            target = Calendar.objects.get(slug=calendar)
        except Calendar.DoesNotExist:
            slugs = ", ".join(Calendar.objects.values_list("slug", flat=True))
            raise CommandError(f"No calendar “{calendar}”. Calendars: {slugs}.") from None
        try:
            data = fetch_ics(source, timeout=timeout)
            with transaction.atomic():
                result = import_ics(
                    calendar=target,
                    data=data,
                    publish=not submitted,
                    progress=self.progress,
                    max_events=max_events,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{result.summary()}."))
        for uid, reason in result.skipped:
            self.stdout.write(f"  skipped {uid}: {reason}")

    def progress(self, done, total):
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        ending = "\n" if done == total else ""
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()
