from django.core.management.base import BaseCommand

from kits.tasks import send_overdue_digest


class Command(BaseCommand):
    help = (
        "Queue the daily mail to each region's kit managers listing overdue deliveries and "
        "returns. Safe to run more than once a day: a region gets one digest a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        result = send_overdue_digest.enqueue(date)
        self.stdout.write(f"Overdue digest queued (task {result.id}).")
