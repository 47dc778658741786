from django.apps import AppConfig
from django.db.models.signals import post_migrate


def after_migrate(sender, **kwargs):
    from community.content_versions import install_triggers
    from community.roles import sync_roles

    sync_roles()
    install_triggers()


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community relations"

    def ready(self):
        # post_migrate rather than a data migration: permissions are created in
        # post_migrate too, so only then do the later apps' permissions (and
        # every app's tables, for the cache triggers) exist.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="community.after_migrate")

        from allauth.mfa.signals import authenticator_added

        from community.mfa import record_code_given_at_setup

        authenticator_added.connect(record_code_given_at_setup, dispatch_uid="community.mfa_setup")
