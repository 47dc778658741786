import re
import unicodedata
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from community import roles
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

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Groups store the region they are in (for indexed filters and scoping), so
            # when a country moves to another region its groups move with it.
            UserGroup.objects.filter(country=self.country).exclude(region=self.region).update(
                region=self.region
            )

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            UserGroup.objects.filter(country=self.country, region=self.region_id).update(
                region=None
            )
            return super().delete(*args, **kwargs)

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


# Languages a group may meet in: the ones the PSF's groups use, named as readers know them.
GROUP_LANGUAGES = [
    ("am", "Amharic"), ("ar", "Arabic"), ("bn", "Bengali"), ("cs", "Czech"),
    ("da", "Danish"), ("de", "German"), ("el", "Greek"), ("en", "English"),
    ("es", "Spanish"), ("fa", "Persian"), ("fi", "Finnish"), ("fr", "French"),
    ("ha", "Hausa"), ("he", "Hebrew"), ("hi", "Hindi"), ("hu", "Hungarian"),
    ("id", "Indonesian"), ("it", "Italian"), ("ja", "Japanese"), ("kn", "Kannada"),
    ("ko", "Korean"), ("ml", "Malayalam"), ("mr", "Marathi"), ("ms", "Malay"),
    ("nl", "Dutch"), ("no", "Norwegian"), ("pl", "Polish"), ("pt", "Portuguese"),
    ("ro", "Romanian"), ("ru", "Russian"), ("sv", "Swedish"), ("sw", "Swahili"),
    ("ta", "Tamil"), ("te", "Telugu"), ("th", "Thai"), ("tl", "Filipino"),
    ("tr", "Turkish"), ("uk", "Ukrainian"), ("ur", "Urdu"), ("vi", "Vietnamese"),
    ("yo", "Yoruba"), ("zh", "Chinese"),
]  # fmt: skip
LANGUAGE_NAMES = dict(GROUP_LANGUAGES)

# A group with no sign of life for this long is marked dormant by ``mark_dormant_groups``.
DORMANT_AFTER = timedelta(days=365)
MAX_SOCIAL_LINKS = 5
MAX_LANGUAGES = 8

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLDED_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
)
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """``text`` compared as people read it: case, accents and punctuation folded away, so
    "Python Kraków" and "python krakow" give the same key. Done in Python because the
    database has no ``unaccent``; the stored keys carry the unique constraints."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALPHANUMERIC.sub(" ", stripped.translate(_FOLDED_LETTERS)).strip()


def website_key(url: str) -> str:
    """The same site whatever its spelling: no scheme, no ``www.``, no trailing slash, in
    lower case (``https://www.PyBerlin.org/`` → ``pyberlin.org``). The path's case is
    folded too: two groups whose addresses differ only there (``meetup.com/PyBerlin`` and
    ``meetup.com/pyberlin``) are the same group on the sites groups use."""
    url = (url or "").strip()
    if not url:
        return ""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.split("#", 1)[0].rstrip("/").lower()
    return f"{host}/{path}" if path else host


def meetup_feed_url(url: str) -> str:
    """A Meetup group's page as its iCalendar feed: people paste the page they know
    (``https://www.meetup.com/pug-berlin/``), the importer needs ``…/events/ical/``.
    Any other address is returned unchanged."""
    _, sep, rest = (url or "").strip().partition("://")
    host, _, path = rest.partition("/")
    parts = [part for part in path.split("?", 1)[0].split("/") if part]
    if sep and host.lower() in ("meetup.com", "www.meetup.com") and len(parts) == 1:
        return f"https://www.meetup.com/{parts[0]}/events/ical/"
    return url


def represented_regions(user):
    """The regions ``user`` actively represents (none for anyone else)."""
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(
        representatives__user=user, representatives__status=Representative.Status.ACTIVE
    )


def _in_role(user, role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role.name).exists()


def reviews_every_group(user) -> bool:
    """Calendar volunteers look after every group's feed, so they review and edit every
    region's groups; superusers too."""
    return user.is_authenticated and (
        user.is_superuser or _in_role(user, roles.CALENDAR_VOLUNTEERS)
    )


def reads_every_region(user) -> bool:
    """Who reads every region's groups, milestones and reports: superusers, the board and
    (for groups) calendar volunteers. Representatives read their own regions'."""
    return reviews_every_group(user) or _in_role(user, roles.BOARD_MEMBERS)


class GroupStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    CLOSED = "closed", "Closed"


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Every few months"
    IRREGULAR = "irregular", "Now and then"


class GroupReview(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class GroupReviewer(models.TextChoices):
    REPRESENTATIVE = "representative", "region's representative"
    CALENDAR = "calendar", "calendar volunteer"


GROUP_REVIEW_WORKFLOW = Workflow(
    GroupReview,
    {
        (GroupReview.SUBMITTED, GroupReview.APPROVED): {
            GroupReviewer.REPRESENTATIVE,
            GroupReviewer.CALENDAR,
        },
        (GroupReview.SUBMITTED, GroupReview.DECLINED): {
            GroupReviewer.REPRESENTATIVE,
            GroupReviewer.CALENDAR,
        },
    },
    noun="user group",
)


class UserGroupQuerySet(models.QuerySet):
    def public(self):
        """What the directory, region pages and site search show: approved groups."""
        return self.filter(review_status=GroupReview.APPROVED)

    def listed(self):
        """The directory's default: public groups that have not closed."""
        return self.public().exclude(status=GroupStatus.CLOSED)

    def in_regions_of(self, user):
        """Groups of the regions ``user`` represents."""
        return self.filter(region__in=represented_regions(user))

    def editable_by(self, user):
        """Every group for calendar volunteers and superusers; a representative's own
        regions' groups for them; none for anyone else."""
        if reviews_every_group(user):
            return self
        return self.in_regions_of(user)

    def search(self, text: str):
        """Full-text on name and city, or each word similar (pg_trgm) to a word of the
        folded name or city, so "krakw" and "zurich" still find "Python Kraków" and
        "Python Zürich"."""
        query = SearchQuery(text, config="english", search_type="websearch")
        words = match_key(text).split()[:6]
        if not words:
            return self.filter(search_vector=query)
        # Each word close to a word of the name or the city, in any order ("krakw python").
        similar = Q()
        for word in words:
            similar &= Q(name_key__trigram_word_similar=word) | Q(
                city_key__trigram_word_similar=word
            )
        return self.filter(Q(search_vector=query) | similar)

    def stale(self, now):
        """Active public groups with no sign of life for ``DORMANT_AFTER``."""
        return self.public().filter(
            status=GroupStatus.ACTIVE, last_activity_at__lt=now - DORMANT_AFTER
        )

    def record_activity(self, at=None):
        """A sign of life (an imported or added event, an approval): last activity moves
        forward, never back, and a dormant group is active again. Closed stays closed."""
        at = at or timezone.now()
        return self.update(
            last_activity_at=Greatest(F("last_activity_at"), Value(at)),
            status=Case(
                When(status=GroupStatus.DORMANT, then=Value(GroupStatus.ACTIVE)),
                default=F("status"),
            ),
        )

    def count_by_country(self) -> list[tuple[str, str, int]]:
        """(country code, country name, number of groups), most groups first, in one query."""
        rows = (
            self.exclude(country="")
            .values_list("country")
            .annotate(groups=models.Count("pk"))
            .order_by("-groups", "country")
        )
        return [(code, COUNTRY_NAMES.get(code, code), count) for code, count in rows]

    def bulk_create(self, objs, *args, **kwargs):
        # Seeds and benchmarks create thousands at once; the keys and the region are
        # derived here exactly as save() derives them, so no row escapes the constraints.
        objs = list(objs)
        region_of = Region.objects.by_country()
        for obj in objs:
            obj.derive_keys()
            obj.region = region_of.get(obj.country)
        return super().bulk_create(objs, *args, **kwargs)


class UserGroup(WorkflowModel, models.Model):
    """A local Python user group; it may publish its own ICS feed into the user group calendar.

    ``status`` is the group's life (active, dormant, closed); ``review_status`` is whether
    a member's submission has been approved for the directory.
    """

    class ImportStatus(models.TextChoices):
        NEVER = "never", "Never imported"
        OK = "ok", "Imported"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="user_groups"
    )
    website = WebURLField(blank=True, max_length=300)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    ics_url = models.URLField(
        "ICS or Meetup feed URL",
        blank=True,
        max_length=500,
        help_text="The group's public iCalendar feed (Meetup, Luma, Google Calendar): "
        "an http or https address on the public internet. For Meetup, the group's "
        "address followed by events/ical/.",
        validators=[validate_public_url],
    )
    social_links = ArrayField(
        WebURLField(max_length=300),
        size=MAX_SOCIAL_LINKS,
        default=list,
        blank=True,
        help_text=f"Up to {MAX_SOCIAL_LINKS} links (Mastodon, Discord, a mailing list).",
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=GROUP_LANGUAGES),
        size=MAX_LANGUAGES,
        default=list,
        blank=True,
        help_text="The languages the group meets in.",
    )
    meeting_frequency = models.CharField(
        max_length=12, choices=MeetingFrequency, blank=True, help_text="How often it meets."
    )
    # Never public: for representatives and calendar volunteers to reach the organisers.
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Never shown on the site: for the PSF to reach the organisers."
    )
    status = models.CharField(max_length=10, choices=GroupStatus, default=GroupStatus.ACTIVE)
    last_activity_at = models.DateTimeField(
        "last activity",
        default=timezone.now,
        help_text="The group's last sign of life: an event imported or added, its approval. "
        "A year without one marks it dormant.",
    )
    review_status = models.CharField(
        max_length=10, choices=GroupReview, default=GroupReview.APPROVED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_user_groups",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Folded copies (match_key, website_key) that carry the duplicate constraints.
    name_key = models.CharField(max_length=150, editable=False, default="")
    city_key = models.CharField(max_length=100, editable=False, default="")
    website_key = models.CharField(max_length=300, editable=False, default="")
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

    workflow = GROUP_REVIEW_WORKFLOW
    status_field = "review_status"
    history_model = "GroupTransition"
    history_fk = "group"

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="usergroup_search_gin"),
            GinIndex(fields=["name_key"], opclasses=["gin_trgm_ops"], name="usergroup_name_trgm"),
            GinIndex(fields=["city_key"], opclasses=["gin_trgm_ops"], name="usergroup_city_trgm"),
            GinIndex(fields=["languages"], name="usergroup_languages_gin"),
            # The directory's first page (``listed()`` by name, 30 rows): without it,
            # every visit sorted all groups, 10 ms at 10,000 on the bench machine, 0.2 with it.
            models.Index(
                fields=["name"],
                condition=Q(review_status="approved") & ~Q(status="closed"),
                name="usergroup_listed_by_name",
            ),
        ]
        constraints = [
            # A declined submission does not block a better one.
            models.UniqueConstraint(
                fields=["name_key", "city_key"],
                condition=~Q(review_status="declined"),
                name="one_group_per_name_and_city",
                violation_error_message="A group with this name is already listed in this city.",
            ),
            models.UniqueConstraint(
                fields=["website_key"],
                condition=~Q(website_key="") & ~Q(review_status="declined"),
                name="one_group_per_website",
                violation_error_message="A group with this website is already listed.",
            ),
        ]
        permissions = [
            ("trust_usergroup", "Can mark a user group trusted (its feed publishes unmoderated)")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.derive_keys()
        # The region follows the country, so no form or import can pair France with Asia.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"country", "region"} & set(update_fields):
            self.region = Region.objects.for_country(self.country)
            if update_fields is not None:
                # A country saved alone writes its region with it.
                kwargs["update_fields"] = update_fields = {*update_fields, "region"}
        if update_fields is not None and {"name", "city", "website"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key", "city_key", "website_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("representatives:group-detail", kwargs={"slug": self.slug})

    def derive_keys(self) -> None:
        self.name_key = match_key(self.name)
        self.city_key = match_key(self.city)
        self.website_key = website_key(self.website)

    def duplicates(self):
        """Other listed or waiting groups with this name in this city, or this website."""
        self.derive_keys()
        same = Q(name_key=self.name_key, city_key=self.city_key)
        if self.website_key:
            same |= Q(website_key=self.website_key)
        return (
            UserGroup.objects.exclude(review_status=GroupReview.DECLINED)
            .exclude(pk=self.pk)
            .filter(same)
        )

    def check_transition(self, source, to, *, by, actor, reason, now):
        if to == GroupReview.DECLINED and not reason:
            raise ActionRefused(
                "Say why the group is declined: the person who submitted it reads it."
            )

    def apply_transition(self, source, to, *, by, actor, reason, now):
        if to == GroupReview.APPROVED:
            self.last_activity_at = max(self.last_activity_at, now)

    @property
    def is_public(self) -> bool:
        return self.review_status == GroupReview.APPROVED

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.country_name) if part)

    @property
    def language_names(self) -> list[str]:
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


class GroupTransition(TransitionRecord):
    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="history")


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


class ReportNeed(models.TextChoices):
    KIT = "kit", "A conference kit"
    GRANT = "grant", "A grant"
    MARKETING = "marketing", "Marketing material"


class ActivityReportQuerySet(models.QuerySet):
    def of_regions_represented_by(self, user):
        """The reports of the regions ``user`` actively represents: theirs and their
        co-representatives' (what a kit request or a grant may be asked for in)."""
        return self.filter(representative__region__in=represented_regions(user))


class ActivityReport(models.Model):
    """What a representative did in a quarter: one report per representative and quarter."""

    class Quarter(models.IntegerChoices):
        Q1 = 1, "January to March"
        Q2 = 2, "April to June"
        Q3 = 3, "July to September"
        Q4 = 4, "October to December"

    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="activity_reports"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(choices=Quarter)
    summary = models.TextField(max_length=5000, help_text="What happened in the region.")
    groups_contacted = models.ManyToManyField(
        UserGroup, blank=True, related_name="activity_reports"
    )
    events_attended = models.TextField(
        max_length=3000, blank=True, help_text="Conferences and meetups, one a line."
    )
    needs = ArrayField(
        models.CharField(max_length=10, choices=ReportNeed), default=list, blank=True, size=3
    )
    needs_detail = models.TextField(
        "about the needs", max_length=2000, blank=True, help_text="Which kit, grant or material."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "representative__region__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["representative", "year", "quarter"],
                name="one_report_per_representative_and_quarter",
                violation_error_message="This representative already has a report for this "
                "quarter: edit that one.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2020) & Q(year__lte=2100),
                name="activity_report_year_in_range",
                violation_error_message="Give a year from 2020 to 2100.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="activity_report_quarter_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.representative.region} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def region(self) -> Region:
        return self.representative.region

    def clean(self):
        today = timezone.localdate()
        if (
            self.year
            and self.quarter
            and (self.year, self.quarter)
            > (
                today.year,
                (today.month - 1) // 3 + 1,
            )
        ):
            raise ValidationError("A report is about a quarter that has begun, not a future one.")
