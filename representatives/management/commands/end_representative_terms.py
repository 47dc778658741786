from django.core.management.base import BaseCommand
from django.utils import timezone

from representatives.services import representative_terms_end


class Command(BaseCommand):
    help = "Make representatives whose term has ended emeritus (daily, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would become emeritus; change none."
        )

    def handle(self, *args, dry_run, **options):
        ended = representative_terms_end(today=timezone.localdate(), dry_run=dry_run)
        for rep in ended:
            self.stdout.write(f"  {rep.display_name}, {rep.region} (term ended {rep.term_end})")
        verb = "would become" if dry_run else "became"
        self.stdout.write(f"{len(ended)} representative(s) {verb} emeritus.")
