from django.db import models
from django.urls import reverse


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
