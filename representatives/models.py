from datetime import date

from django import forms
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.fetch import validate_public_url
from community.workflow import ActionRefused, TransitionRecord, Workflow, WorkflowModel


def validate_web_url(value: str) -> None:
    """A link people click on a public page: http or https only (no javascript:, ftp:)."""
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https"):
        shown = f"{scheme}: links" if scheme else "this address"
        raise ValidationError(
            f"Only http and https links can be shown, not {shown}.", code="scheme"
        )
    URLValidator(schemes=["http", "https"])(value)


class WebURLFormField(forms.URLField):
    default_validators = [validate_web_url]


class WebURLField(models.URLField):
    """A URL shown as a link on public pages: http or https, said clearly at the form."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


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

    def with_representatives(self):
        """Each region with its active representatives (and their users) prefetched as
        ``active_representatives``, regions nobody represents included."""
        return self.prefetch_related(
            models.Prefetch(
                "representatives",
                queryset=Representative.objects.active().select_related("user"),
                to_attr="active_representatives",
            )
        )

    def with_active_representatives(self):
        """Regions served by at least one active representative, each with those
        representatives prefetched as ``active_representatives``."""
        return (
            self.filter(representatives__status=Representative.Status.ACTIVE)
            .distinct()
            .with_representatives()
        )

    def without_active_representative(self):
        """Regions nobody actively represents: the board's list of places to find someone."""
        return self.exclude(representatives__status=Representative.Status.ACTIVE)

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


class UserGroupQuerySet(models.QuerySet):
    def count_by_country(self) -> list[tuple[str, int]]:
        """(country name, number of groups), most groups first, in one query."""
        rows = (
            self.exclude(country="")
            .values_list("country")
            .annotate(groups=models.Count("pk"))
            .order_by("-groups", "country")
        )
        return [(COUNTRY_NAMES.get(code, code), count) for code, count in rows]


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
    is_trust_proposed = models.BooleanField(
        "trust proposed",
        default=False,
        help_text="A representative vouches for this group's feed; a calendar volunteer "
        "decides whether it becomes trusted.",
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

    objects = UserGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="usergroup_search_gin")]
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


class RepresentativeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Representative.Status.ACTIVE)

    def listed(self):
        """What public pages show: everyone but the withdrawn, with their users and regions."""
        return self.select_related("user", "region").order_by(
            "region__position", "status", "term_start", "pk"
        )

    def terms_ended(self, today: date):
        """Active representatives whose term ended before ``today``."""
        return self.active().filter(term_end__lt=today)


class Representative(models.Model):
    """A person who represents the PSF in a region for a term."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        EMERITUS = "emeritus", "Emeritus"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representative_terms"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="representatives")
    role_title = models.CharField(max_length=100, default="Regional representative")
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True, help_text="Empty while open-ended.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    bio = models.TextField("public bio", blank=True, max_length=2000)
    photo = models.ImageField(upload_to="representatives/photos/", blank=True)
    photo_thumbnail = models.ImageField(upload_to="representatives/photos/", blank=True)
    contact_label = models.CharField(
        "public contact",
        max_length=100,
        blank=True,
        help_text="How people reach you, as shown: “Mastodon”, “Contact form”, “Website”. "
        "Your account e-mail is never shown.",
    )
    contact_url = WebURLField("public contact link", blank=True, max_length=300)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["term_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="representative_term_ends_after_it_starts",
                violation_error_message="The term cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=~Q(status="emeritus"),
                name="one_current_term_per_person_and_region",
                violation_error_message="This person already has a current term in this region.",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.region})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {
                    "term_end": f"The term ends ({self.term_end:%d %b %Y}) before it starts "
                    f"({self.term_start:%d %b %Y})."
                }
            )


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ApplicationActor(models.TextChoices):
    BOARD = "board", "board member"


APPLICATION_WORKFLOW = Workflow(
    ApplicationStatus,
    {
        (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED): {ApplicationActor.BOARD},
        (ApplicationStatus.SUBMITTED, ApplicationStatus.DECLINED): {ApplicationActor.BOARD},
    },
    noun="application",
)


class RepresentativeApplication(WorkflowModel, models.Model):
    """A member's application to represent a region, decided by the board."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative_applications",
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications")
    motivation = models.TextField(
        max_length=4000, help_text="Why you want to represent the PSF in this region."
    )
    community_involvement = models.TextField(
        max_length=4000, help_text="Groups, events and projects you take part in."
    )
    references = models.TextField(
        max_length=2000,
        help_text="People in the community who know your work, and how to reach them.",
    )
    status = models.CharField(
        max_length=10, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    representative = models.OneToOneField(
        Representative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )

    workflow = APPLICATION_WORKFLOW
    history_model = "ApplicationTransition"
    history_fk = "application"

    class Meta:
        ordering = ["-submitted_at", "pk"]
        permissions = [("review_representativeapplication", "Can accept or decline applications")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "region"],
                condition=Q(status="submitted"),
                name="one_open_application_per_person_and_region",
                violation_error_message="You already have an open application for this region.",
            )
        ]

    def __str__(self):
        return f"{self.applicant} for {self.region}"

    def check_transition(self, source, to, *, by, actor, reason, now):
        if to == ApplicationStatus.DECLINED and not reason:
            raise ActionRefused("Say why the application is declined: the applicant reads it.")

    def apply_transition(self, source, to, *, by, actor, reason, now):
        self.decided_at = now

    @property
    def decision_reason(self) -> str:
        """Why it was declined, as the applicant sees it (the last history row's reason)."""
        last = self.history.last()
        return last.reason if last and self.status == ApplicationStatus.DECLINED else ""


class ApplicationTransition(TransitionRecord):
    application = models.ForeignKey(
        RepresentativeApplication, on_delete=models.CASCADE, related_name="history"
    )
