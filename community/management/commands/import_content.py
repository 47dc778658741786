import zipfile

from django.core.management.base import BaseCommand, CommandError

from community.backup import BackupError, import_content


class Command(BaseCommand):
    help = "Import an export_content archive into an empty, migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by export_content")

    def handle(self, *args, path, **options):
        try:
            counts = import_content(path)
        except (BackupError, FileNotFoundError, zipfile.BadZipFile) as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<45} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"Imported {path}"))
