from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.roles import sync_roles
from community.seeding import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    SeedContext,
    create_demo_accounts,
    run_app_seeders,
)


class Command(BaseCommand):
    help = "Fill an empty database with realistic demo content and one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also create N rows per app (events, jobs, ...) for benchmarks.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed content even though demo accounts exist already.",
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off. "
                "Run with DEBUG=1 on a development or benchmark database."
            )
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        from django.contrib.auth import get_user_model

        already = get_user_model().objects.filter(username__in=DEMO_ACCOUNTS).exists()
        sync_roles()
        with transaction.atomic():
            ctx = SeedContext(scale=scale, stdout=self.stdout)
            ctx.users = create_demo_accounts()
            if already and not force:
                self.stdout.write(
                    "Demo content exists already; accounts checked, content left as is."
                )
            else:
                run_app_seeders(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for username, (role, _) in DEMO_ACCOUNTS.items():
            label = role.name if role else ("superuser" if username == "admin" else "no role")
            self.stdout.write(f"  {username:<15} {label}")
        self.stdout.write(
            f"Staff sign in with a second factor: TOTP secret {DEMO_TOTP_SECRET} "
            "(or run `manage.py totp_code`)."
        )
