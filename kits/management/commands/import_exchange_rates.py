from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.fetch import FetchFailed, fetch_public
from kits.rates import MAX_FILE_BYTES, RateFileError, import_rates, parse_file

# The ECB's historical file is about 1.5 MB; a minute is generous for it.
FETCH_TIMEOUT = 60


class Command(BaseCommand):
    help = (
        "Fill the exchange-rate table from an ECB euro reference-rate file (daily or "
        "historical, CSV or XML), given as a path or as an http(s) URL of a public host."
    )

    def add_arguments(self, parser):
        parser.add_argument("file_or_url")
        parser.add_argument("--dry-run", action="store_true", help="Parse and count, save nothing.")

    def handle(self, *args, file_or_url, dry_run, **options):
        try:
            days = parse_file(self._read(file_or_url))
            summary = import_rates(days, dry_run=dry_run)
        except RateFileError as exc:
            raise CommandError(f"{file_or_url}: {exc}") from None
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

    def _read(self, file_or_url: str) -> bytes:
        if "://" in file_or_url:
            # Through the shared fetcher: http(s) only, public addresses only, one deadline.
            try:
                return fetch_public(file_or_url, timeout=FETCH_TIMEOUT, max_bytes=MAX_FILE_BYTES)
            except FetchFailed as exc:
                raise CommandError(f"{file_or_url}: {exc}") from None
        path = Path(file_or_url)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        return path.read_bytes()
