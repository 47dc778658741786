from django.core.management.base import BaseCommand

from community.backup import export_content


class Command(BaseCommand):
    help = "Export all portal content (rows and uploaded media) to one zip file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, e.g. portal-2026-11-25.zip")

    def handle(self, *args, path, **options):
        counts = export_content(path)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<45} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"Exported to {path}"))
