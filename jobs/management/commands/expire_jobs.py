from django.core.management.base import BaseCommand

from jobs.services import posts_expire_due


class Command(BaseCommand):
    help = "Expire approved job posts past their end date and e-mail their posters (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the posts that would expire; change none."
        )

    def handle(self, *args, dry_run, **options):
        posts = posts_expire_due(dry_run=dry_run)
        verb = "would expire" if dry_run else "expired"
        for post in posts:
            self.stdout.write(f"  #{post.pk} {post.title} ({post.company_name})")
        self.stdout.write(f"{len(posts)} post(s) {verb}.")
