from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kits.rates import RateFileError, import_rates, parse_file


class Command(BaseCommand):
    help = (
        "Fill the exchange-rate table from an ECB euro reference-rate file (daily or "
        "historical, CSV or XML). FILE paths only for now: URLs wait for the shared "
        "public-address-only fetcher."
    )

    def add_arguments(self, parser):
        parser.add_argument("file_or_url")
        parser.add_argument("--dry-run", action="store_true", help="Parse and count, save nothing.")

    def handle(self, *args, file_or_url, dry_run, **options):
        if "://" in file_or_url:
            raise CommandError(
                "URLs are not supported yet (they need the public-only fetcher); download the "
                "file and pass its path."
            )
        path = Path(file_or_url)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            days = parse_file(path.read_bytes())
            summary = import_rates(days, dry_run=dry_run)
        except RateFileError as exc:
            raise CommandError(f"{path}: {exc}") from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {summary.days} day(s): {summary.created} new rate(s), "
            f"{summary.updated} updated."
            + (
                f" Skipped unknown currencies: {', '.join(summary.skipped_currencies)}."
                if summary.skipped_currencies
                else ""
            )
        )
