from django.core.management.base import BaseCommand

from community.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create the volunteer role groups and set their permissions from community/roles.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Fail when a role names an unknown permission."
        )

    def handle(self, *args, strict, **options):
        sync_roles(strict=strict)
        for role in ROLES:
            self.stdout.write(f"{role.name}: {len(role.permissions)} permissions")
