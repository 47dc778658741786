from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
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


def _private_storage():
    # Internal items must never be reachable through /media/: kits' private folder,
    # served only by the download view after its check.
    from kits.models import private_storage

    return private_storage()


MATERIAL_LANGUAGES = [
    ("en", "English"), ("es", "Spanish"), ("pt", "Portuguese"), ("fr", "French"),
    ("de", "German"), ("it", "Italian"), ("ja", "Japanese"), ("zh", "Chinese"),
    ("hi", "Hindi"), ("ar", "Arabic"), ("sw", "Swahili"), ("id", "Indonesian"),
]  # fmt: skip


class MaterialQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Public items for everyone; internal ones too for a signed-in volunteer."""
        from community.materials import is_volunteer

        return self if is_volunteer(user) else self.public()


class Material(models.Model):
    class Kind(models.TextChoices):
        LOGO = "logo", "Logo"
        BANNER = "banner", "Banner print file"
        FLYER = "flyer", "Flyer"
        SLIDES = "slides", "Slide template"
        STICKER = "sticker", "Sticker"
        BOOTH_GUIDE = "booth_guide", "Booth guide"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind)
    language = models.CharField(max_length=10, choices=MATERIAL_LANGUAGES, default="en")
    licence = models.CharField(max_length=100, default="CC BY-SA 4.0")
    version = models.CharField(max_length=30, default="1")
    released_on = models.DateField("version date")
    description = models.TextField(max_length=2000, blank=True)
    file = models.FileField(upload_to="materials/", storage=_private_storage, max_length=200)
    file_format = models.CharField(max_length=40, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    preview = models.ImageField(
        upload_to="materials/previews/", storage=_private_storage, blank=True, editable=False
    )
    is_public = models.BooleanField(
        "public", default=True, help_text="Unticked: only signed-in volunteers may download it."
    )
    kits = models.ManyToManyField(
        "kits.Kit", blank=True, related_name="materials", help_text="Kits that carry it."
    )
    download_count = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("description", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "language"]
        indexes = [GinIndex(fields=["search_vector"], name="material_search_gin")]

    def __str__(self):
        return f"{self.title} ({self.get_language_display()}, v{self.version})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("community:material-download", kwargs={"pk": self.pk})
