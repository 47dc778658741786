from django.apps import AppConfig
from django.db.models.signals import post_migrate


def apply_roles(sender, **kwargs):
    from community.roles import sync_roles

    sync_roles()


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community relations"

    def ready(self):
        # post_migrate rather than a data migration: permissions are created in
        # post_migrate too, so only then do the later apps' permissions exist.
        post_migrate.connect(apply_roles, sender=self, dispatch_uid="community.apply_roles")
