from django.core.management.base import BaseCommand

from kits.tasks import send_shift_reminders


class Command(BaseCommand):
    help = (
        "Queue reminder mails for booth shifts starting within 24 hours. Run it hourly; "
        "each volunteer gets one reminder per shift however often it runs."
    )

    def handle(self, *args, **options):
        result = send_shift_reminders.enqueue()
        self.stdout.write(f"Shift reminders queued (task {result.id}).")
