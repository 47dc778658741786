from django.conf import settings
from django.db import models
from django.db.models.functions import Now


class ContentVersion(models.Model):
    """A counter per app that PostgreSQL bumps on every write to the app's tables.

    Statement-level triggers (community/content_versions.py) keep it, so bulk
    updates, raw SQL and admin actions all invalidate cached pages, and the bump
    commits or rolls back with the change itself.
    """

    namespace = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=1)
    # When the trigger last bumped it: the pages' Last-Modified.
    changed_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return f"{self.namespace} v{self.version}"


class TeamProfileQuerySet(models.QuerySet):
    def on_team_page(self):
        """Profiles their owners chose to show, of active accounts (the one home of the
        team page's rule; a role is still needed to appear, see community.team)."""
        return self.filter(shows_on_team_page=True, user__is_active=True)


class TeamProfile(models.Model):
    """What a volunteer shows about themselves on the team page, only once they opt in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_profile"
    )
    shows_on_team_page = models.BooleanField("show me on the team page", default=False)
    bio = models.TextField(max_length=600, blank=True)
    photo = models.ImageField(upload_to="team/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamProfileQuerySet.as_manager()

    def __str__(self):
        return f"Team profile of {self.user}"
