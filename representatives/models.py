from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.fetch import validate_public_url


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Region.Status.ACTIVE)

    def containing(self, country: str):
        """The region whose countries include ``country`` (at most one: the database says so)."""
        return self.filter(countries__country=(country or "").upper())

    def for_country(self, country: str) -> "Region | None":
        """The region a country belongs to, or None for a country of no region."""
        if not country:
            return None
        return self.containing(country).first()

    def by_country(self) -> dict[str, "Region"]:
        """Every country's region in one query, for code that places many rows at once."""
        regions = {region.pk: region for region in self.all()}
        return {
            code: regions[region_id]
            for code, region_id in RegionCountry.objects.filter(
                region__in=list(regions)
            ).values_list("country", "region_id")
        }


class Region(models.Model):
    """A part of the world the PSF works in: kits are kept and representatives serve per region."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SETTING_UP = "setting_up", "Being set up"
        PLANNED = "planned", "Planned"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    description = models.TextField(blank=True, help_text="Public: shown on the region's page.")
    strategy_notes = models.TextField(
        blank=True,
        help_text="Not public: read by board members and the region's representatives only.",
    )
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

    @cached_property
    def country_codes(self) -> frozenset[str]:
        return frozenset(self.countries.values_list("country", flat=True))

    def contains_country(self, country: str) -> bool | None:
        """Whether ``country`` is in the region; None when the region has no countries yet
        (one a volunteer just added), so nothing is refused against an empty list."""
        codes = self.country_codes
        return None if not codes else (country or "").upper() in codes

    @property
    def country_names(self) -> list[str]:
        return sorted(COUNTRY_NAMES.get(code, code) for code in self.country_codes)


class RegionCountry(models.Model):
    """One country of a region. A country is in at most one region: the unique column says so."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2, choices=COUNTRIES, unique=True)

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "region countries"

    def __str__(self):
        return COUNTRY_NAMES.get(self.country, self.country)

    def validate_unique(self, exclude=None):
        # clean() says which region holds the country; the unique index is the guarantee.
        super().validate_unique(exclude={*(exclude or ()), "country"})

    def clean(self):
        if not self.country:
            return
        other = (
            RegionCountry.objects.filter(country=self.country)
            .exclude(pk=self.pk)
            .select_related("region")
            .first()
        )
        if other is None:
            return
        if other.region_id == self.region_id:
            raise ValidationError({"country": f"{self} is listed twice in this region."})
        raise ValidationError(
            {
                "country": f"{self} is already in the {other.region.name} region; "
                "a country belongs to one region only."
            }
        )


class Milestone(models.Model):
    """A dated step of a region's story: first contact, representative appointed, first kit."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="milestones")
    happened_on = models.DateField("date")
    title = models.CharField(max_length=150)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self):
        return f"{self.happened_on:%Y-%m-%d} {self.title}"


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
        permissions = [
            ("trust_usergroup", "Can mark a user group trusted (its feed publishes unmoderated)")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The region follows the country, so no form or import can pair France with Asia.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"country", "region"} & set(update_fields):
            self.region = Region.objects.for_country(self.country)
        super().save(*args, **kwargs)

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.country_name) if part)
