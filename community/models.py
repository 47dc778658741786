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
