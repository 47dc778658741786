from django.db import models
from django.urls import reverse

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.fetch import validate_public_url


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Region.Status.ACTIVE)


class Region(models.Model):
    """A part of the world the PSF works in: kits are kept and representatives serve per region."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PLANNED = "planned", "Planned"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in lists; lower comes first."
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("representatives:region-detail", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class UserGroup(models.Model):
    """A local Python user group; it may publish its own ICS feed into the user group calendar."""

    class ImportStatus(models.TextChoices):
        NEVER = "never", "Never imported"
        OK = "ok", "Imported"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="user_groups"
    )
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    ics_url = models.URLField(
        "ICS feed URL",
        blank=True,
        help_text="The group's public iCalendar feed (Meetup, Luma, Google Calendar): "
        "an http or https address on the public internet.",
        validators=[validate_public_url],
    )
    is_trusted = models.BooleanField(
        default=False,
        help_text="Events from a trusted group's feed publish without moderation.",
    )
    last_import_at = models.DateTimeField(null=True, blank=True)
    last_import_status = models.CharField(
        max_length=10, choices=ImportStatus, default=ImportStatus.NEVER
    )
    last_import_message = models.TextField(
        blank=True, help_text="The last import's summary, or why it failed."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.country_name) if part)
