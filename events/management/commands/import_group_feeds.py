from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import import_group_feed
from representatives.models import UserGroup


class Command(BaseCommand):
    help = (
        "Import every user group's ICS feed into the user group calendar (run it hourly). "
        "A failing feed is recorded on the group and never removes imported events."
    )

    def add_arguments(self, parser):
        parser.add_argument("--group", help="Only this group's slug.")

    def handle(self, *args, group, **options):
        groups = UserGroup.objects.exclude(ics_url="").order_by("name")
        if group:
            groups = groups.filter(slug=group)
        failed = 0
        for user_group in groups:
            result = import_group_feed(user_group, timeout=settings.EVENT_FEED_TIMEOUT)
            if result is None:
                failed += 1
                self.stdout.write(
                    self.style.WARNING(f"{user_group.name}: {user_group.last_import_message}")
                )
            else:
                self.stdout.write(f"{user_group.name}: {result.summary()}")
        self.stdout.write(f"{groups.count()} feeds, {failed} failed.")
