from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.services import review_digest_send


class Command(BaseCommand):
    help = "E-mail job board reviewers the posts that have waited too long for review (daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.JOBS_DIGEST_AFTER_HOURS,
            help="Include posts waiting longer than this (default: JOBS_DIGEST_AFTER_HOURS).",
        )

    def handle(self, *args, hours, **options):
        posts = review_digest_send(hours=hours)
        if posts:
            self.stdout.write(f"Digest sent: {len(posts)} post(s) waiting over {hours} hours.")
        else:
            self.stdout.write(f"No post has waited over {hours} hours; no digest sent.")
