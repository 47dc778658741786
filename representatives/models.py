from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.fetch import validate_public_url


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The countries of the regions created by migration 0002, by slug, until regions keep their
# own list (a later change moves this into the database). A region not named here, one a
# volunteer added in the admin, has no known countries: nothing is derived from it or
# refused against it. Countries of no region (most of Africa today) derive no region.
REGION_COUNTRIES: dict[str, frozenset[str]] = {
    "north-america": _codes(
        "US CA MX GL BM PM GT BZ SV HN NI CR PA CU JM HT DO PR BS BB TT AG DM GD KN LC VC "
        "AW CW SX BQ KY TC VG VI AI MS GP MQ BL MF"
    ),
    "south-america": _codes("AR BO BR CL CO EC GY PY PE SR UY VE GF FK GS"),
    "europe": _codes(
        "AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK LV "
        "LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA AX"
    ),
    "india": _codes("IN"),
    "australia": _codes(
        "AU NZ FJ PG SB VU NC PF WS TO TV KI NR MH FM PW CK NU NF TK WF AS GU MP PN UM"
    ),
    "asia": _codes(
        "AF AM AZ BH BD BT BN KH CN GE HK ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM "
        "NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE"
    ),
}


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Region.Status.ACTIVE)

    def containing(self, country: str):
        """The regions whose known countries include ``country`` (at most one today)."""
        slugs = [slug for slug, codes in REGION_COUNTRIES.items() if country in codes]
        return self.filter(slug__in=slugs)


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

    @property
    def known_countries(self) -> frozenset[str] | None:
        """The region's countries, or None when they are not known (see REGION_COUNTRIES)."""
        return REGION_COUNTRIES.get(self.slug)

    def contains_country(self, country: str) -> bool | None:
        """Whether ``country`` is in the region; None when the region's countries are unknown."""
        known = self.known_countries
        return None if known is None else country in known


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

    # Stored for the site search (community/search.py).
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="english")
        + SearchVector("city", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="usergroup_search_gin")]
        permissions = [
            ("trust_usergroup", "Can mark a user group trusted (its feed publishes unmoderated)")
        ]

    def __str__(self):
        return self.name

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.country_name) if part)
