"""Job posts, their companies, and the review workflow's history.

The workflow is one ``Workflow`` table (``WORKFLOW``) and the one
``WorkflowModel.transition`` (community/workflow.py) that every state change goes
through: it locks the row, checks the table, then this model's hooks check the
actor's right and any claim, set the dates, and a ``JobTransition`` row is written.
Mail and the other side effects live in ``services.py``.
"""

import hashlib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Count, DurationField, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from community.aggregates import Median
from community.countries import COUNTRIES, COUNTRY_NAMES
from community.markup import MarkdownHTMLField, markdown_html_fields, text_length_constraint
from community.predicates import matches
from community.workflow import ActionRefused, TransitionRecord, Workflow, WorkflowModel

SEARCH_CONFIG = "english"
# A page of Markdown each: what a job needs, and what renders in a few milliseconds
# (README.md, "Limits").
DESCRIPTION_MAX_LENGTH = 10_000
REQUIREMENTS_MAX_LENGTH = 5_000


# Twice the 80 CSS pixels the largest logo on a page takes, for high-density screens.
LOGO_SIZE = (160, 160)
LOGO_DIRECTORY = "jobs/logos/"


class CompanyQuerySet(models.QuerySet):
    def public(self):
        """Companies anyone may see: one of their posts was approved (and not taken down).

        A draft names a company and may give it a logo and a website; until a reviewer
        approves a post, neither appears anywhere public (page, board, logo file).
        """
        return self.filter(
            Exists(
                JobPost.objects.filter(
                    company=OuterRef("pk"),
                    status__in=PUBLISHED_STATUSES,
                    published_at__isnull=False,
                )
            )
        )

    def with_logo_visible_to(self, user):
        """Companies whose logo ``user`` may see: public ones, their own posts' companies,
        and every company for job board reviewers (who judge the logos)."""
        if user.is_authenticated and user.has_perm("jobs.review_jobpost"):
            return self
        mine = Q(posts__poster=user) if user.is_authenticated else Q(pk__in=[])
        return self.filter(Q(pk__in=self.public().values("pk")) | mine).distinct()


def company_slug(name: str) -> str:
    """The slug a company called ``name`` is found by: its name in ASCII letters.

    Letters with no ASCII form (Cyrillic, Greek, Japanese...) vanish from that, so a name
    that has any gets a digest of the whole name as well: "株式会社ニッポン" and "삼성전자"
    had both become "company", one company with one page and one logo.
    """
    slug = slugify(name)
    if any(
        ch.isalnum() and not unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
        for ch in name
    ):
        digest = hashlib.sha256(slugify(name, allow_unicode=True).encode()).hexdigest()[:12]
        return f"{slug[:187].rstrip('-') or 'company'}-{digest}"
    return slug[:200] or "company"


class Company(models.Model):
    """An employer; its page lists its open posts."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    # One file per company, re-encoded at LOGO_SIZE (community.uploads).
    logo = models.ImageField(upload_to=LOGO_DIRECTORY, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("jobs:company-detail", kwargs={"slug": self.slug})

    @classmethod
    def for_name(cls, name: str, *, website: str = "", logo=None) -> "Company":
        """The company called ``name``, created if new.

        A poster fills in a company's website and logo only where they are blank and
        while the company is not public yet: reviewers own what is on the board, so a
        poster can neither replace a company's logo nor add one that nobody reviewed.
        """
        slug = company_slug(name)
        company, _ = cls.objects.get_or_create(slug=slug, defaults={"name": name.strip()})
        if (website or logo is not None) and cls.objects.filter(pk=company.pk).public().exists():
            return company
        changed = []
        if website and not company.website:
            company.website = website
            changed.append("website")
        if logo is not None and not company.logo:
            company.logo.save(logo.image.name, logo.image, save=False)
            changed.append("logo")
        if changed:
            company.save(update_fields=[*changed, "updated_at"])
        return company


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"
    REMOVED = "removed", "Removed"
    FILLED = "filled", "Filled"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SPAM = "spam", "Spam"


class Actor(models.TextChoices):
    POSTER = "poster", "Poster"
    REVIEWER = "reviewer", "Reviewer"
    SYSTEM = "system", "System"


# Posts in these statuses were approved and not taken down since: their company is public.
PUBLISHED_STATUSES = (Status.APPROVED, Status.EXPIRED, Status.FILLED)

# (from, to) → who may make that change. Anything missing is impossible.
WORKFLOW = Workflow(
    Status,
    {
        (Status.DRAFT, Status.REVIEW): Actor.POSTER,
        (Status.DRAFT, Status.WITHDRAWN): Actor.POSTER,
        (Status.REVIEW, Status.APPROVED): Actor.REVIEWER,
        (Status.REVIEW, Status.REJECTED): Actor.REVIEWER,
        (Status.REVIEW, Status.CHANGES_REQUESTED): Actor.REVIEWER,
        (Status.REVIEW, Status.SPAM): Actor.REVIEWER,
        (Status.REVIEW, Status.WITHDRAWN): Actor.POSTER,
        (Status.CHANGES_REQUESTED, Status.REVIEW): Actor.POSTER,
        (Status.CHANGES_REQUESTED, Status.WITHDRAWN): Actor.POSTER,
        # An approved post the poster edits goes back to the queue before it is public again.
        (Status.APPROVED, Status.REVIEW): Actor.POSTER,
        (Status.APPROVED, Status.FILLED): Actor.POSTER,
        (Status.APPROVED, Status.WITHDRAWN): Actor.POSTER,
        (Status.APPROVED, Status.REMOVED): Actor.REVIEWER,
        (Status.APPROVED, Status.SPAM): Actor.REVIEWER,
        (Status.APPROVED, Status.EXPIRED): Actor.SYSTEM,
        # Renewing an expired post is a new submission: it is reviewed again.
        (Status.EXPIRED, Status.REVIEW): Actor.POSTER,
    },
    noun="post",
)

# Reviewer decisions: the post's reviewed fields are snapshotted with them so a
# resubmission can be diffed against what the reviewer last saw.
REVIEW_DECISIONS = {Status.APPROVED, Status.REJECTED, Status.CHANGES_REQUESTED, Status.SPAM}
# Decisions whose comment is the reviewers' internal note, never shown to the poster:
# a spammer learns nothing about how they were caught.
INTERNAL_NOTE_DECISIONS = {Status.SPAM}
EDITABLE_STATUSES = {Status.DRAFT, Status.CHANGES_REQUESTED, Status.APPROVED, Status.EXPIRED}
# The fields a reviewer judges, in the order the diff shows them.
REVIEWED_FIELDS = (
    "title",
    "company_name",
    "company_website",
    "city",
    "region",
    "country",
    "remote",
    "time_zones",
    "job_types",
    "category",
    "description",
    "requirements",
    "apply_url",
    "apply_email",
    "allows_agencies",
)


# Our job types as schema.org's JobPosting.employmentType spells them.
SCHEMA_EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "internship": "INTERN",
    "volunteer": "VOLUNTEER",
}


def public_posts(now=None) -> Q:
    """The public rule: posts anyone may see are approved and not yet past their end date.

    The one definition: ``JobPost.objects.public()`` (the board, company pages, feeds,
    the home page) filters with it and ``JobPost.is_public`` (the post's page) evaluates
    it. ``expires_at`` is checked here too so a post disappears on time even if the
    daily ``expire_jobs`` run is late.
    """
    return Q(status=Status.APPROVED, expires_at__gt=now or timezone.now())


class JobPostQuerySet(models.QuerySet):
    def public(self):
        """Posts anyone may see (``public_posts``)."""
        return self.filter(public_posts())

    def pending(self):
        """The review queue: submitted posts, oldest first."""
        return self.filter(status=Status.REVIEW).order_by("submitted_at", "pk")

    def submitted(self):
        """What reviewers see: every post but drafts, which are the poster's until submitted."""
        return self.exclude(status=Status.DRAFT)

    def update(self, **kwargs):
        rendered = markdown_html_fields(self.model, kwargs)
        if stale := [field for field in rendered if field.name not in kwargs]:
            # SQL cannot render Markdown: the stored HTML would silently go stale.
            # (bulk_update, below, passes both.)
            raise TypeError(
                f"update() cannot change {', '.join(f.source for f in stale)}: "
                "save() the posts so their HTML is rendered again."
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if rendered := markdown_html_fields(self.model, fields):
            objs = list(objs)
            for obj in objs:
                for field in rendered:
                    field.pre_save(obj, add=False)
            fields = [*fields, *(f.name for f in rendered)]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def search(self, text: str):
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return self.filter(search_vector=query)

    def owned_by(self, user):
        return self.filter(poster=user)

    def claimed(self, now=None):
        """Posts a reviewer has claimed and whose claim has not lapsed."""
        return self.filter(active_claim(now or timezone.now()))

    def unclaimed(self, now=None):
        """Posts free to claim: never claimed, or the claim has lapsed."""
        return self.exclude(active_claim(now or timezone.now()))

    def newest_first(self):
        """The public board's order: the newest publication first, the newer post on a tie."""
        return self.order_by("-published_at", "-pk")

    def due_to_expire(self, now=None):
        return self.filter(status=Status.APPROVED, expires_at__lte=now or timezone.now())

    def first_review_times(self, since) -> dict:
        """``median`` and ``count`` of the time from first submission to first decision,
        over the posts first reviewed since ``since`` (the review dashboard's and the
        board overview's figure)."""
        return self.filter(
            first_reviewed_at__gte=since, first_submitted_at__isnull=False
        ).aggregate(
            median=Median(
                F("first_reviewed_at") - F("first_submitted_at"), output_field=DurationField()
            ),
            count=Count("*"),  # not Count("pk"): the id would send the scan to the rows
        )


class JobPost(WorkflowModel, models.Model):
    class Remote(models.TextChoices):
        ONSITE = "onsite", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote only"

    class JobType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        CONTRACT = "contract", "Contract"
        INTERNSHIP = "internship", "Internship"
        VOLUNTEER = "volunteer", "Volunteer"

    class Category(models.TextChoices):
        WEB = "web", "Web development"
        DATA = "data", "Data science and analytics"
        ML = "ml", "Machine learning and AI"
        DEVOPS = "devops", "DevOps and infrastructure"
        SCIENTIFIC = "scientific", "Scientific computing"
        EMBEDDED = "embedded", "Embedded and hardware"
        TESTING = "testing", "Testing and QA"
        EDUCATION = "education", "Teaching and education"
        OTHER = "other", "Other"

    Status = Status
    workflow = WORKFLOW
    history_model = "JobTransition"
    history_fk = "post"

    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="job_posts"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="posts")
    # The name and website as the poster wrote them: searched, shown and diffed.
    company_name = models.CharField(max_length=200)
    company_website = models.URLField(blank=True)
    title = models.CharField("job title", max_length=200)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("region or state", max_length=100, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    remote = models.CharField(
        "where the work happens", max_length=10, choices=Remote, default=Remote.ONSITE
    )
    time_zones = models.CharField(
        "time zones accepted",
        max_length=200,
        blank=True,
        help_text="For remote work, e.g. “UTC-3 to UTC+2” or “Europe and Africa”.",
    )
    job_types = ArrayField(models.CharField(max_length=20, choices=JobType), default=list)
    category = models.CharField(max_length=20, choices=Category)
    description = models.TextField(max_length=DESCRIPTION_MAX_LENGTH, help_text="Markdown.")
    requirements = models.TextField(
        blank=True, max_length=REQUIREMENTS_MAX_LENGTH, help_text="Markdown."
    )
    description_html = MarkdownHTMLField(source="description")
    requirements_html = MarkdownHTMLField(source="requirements")
    apply_url = models.URLField("apply at (web address)", blank=True)
    apply_email = models.EmailField("apply by e-mail", blank=True)
    contact_email = models.EmailField(
        help_text="Reviewers write here about this post. Never shown publicly."
    )
    allows_agencies = models.BooleanField(
        "recruitment agencies may apply on behalf of candidates", default=False
    )

    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    first_reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_job_posts",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("company_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = JobPostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("review_jobpost", "Can review job posts (approve, reject, spam)")]
        indexes = [
            # No pending list: after a bulk load (seed_demo --scale, an import) a GIN
            # pending list made PostgreSQL scan the table instead (40 ms, not 2 ms, at
            # 10,000 posts) until the next vacuum. Posts are written rarely; read often.
            GinIndex(fields=["search_vector"], name="jobs_post_search_gin", fastupdate=False),
            # The public board: approved posts, newest first.
            models.Index(
                fields=["-published_at"],
                name="jobs_post_public_idx",
                condition=Q(status="approved"),
            ),
            # The review queue's country filter probes it once per country in use
            # (submitted_countries); its predicate is the one of submitted().
            models.Index(
                fields=["country"], name="jobs_post_country_idx", condition=~Q(status="draft")
            ),
            # The review queue's status tabs and its "All" tab, in the queue's order: a
            # page reads 30 rows instead of sorting 11,000 (28 ms at the bench's scale).
            models.Index(
                fields=["status", "submitted_at", "id"], name="jobs_post_status_queue_idx"
            ),
            models.Index(
                fields=["submitted_at", "id"],
                name="jobs_post_submitted_idx",
                condition=~Q(status="draft"),
            ),
            # The median review time reads both times of the month's reviewed posts from
            # this index alone (an index-only scan), not from the wide rows.
            models.Index(
                fields=["first_reviewed_at"],
                include=["first_submitted_at"],
                name="jobs_post_first_review_idx",
                condition=Q(first_submitted_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(apply_url="") | ~Q(apply_email=""),
                name="jobs_post_has_a_way_to_apply",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(published_at__isnull=False, expires_at__isnull=False),
                name="jobs_post_approved_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(job_types__len__gt=0), name="jobs_post_has_a_job_type"
            ),
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True) | Q(claimed_at__isnull=False),
                name="jobs_post_claim_has_time",
            ),
            text_length_constraint(
                "description", DESCRIPTION_MAX_LENGTH, name="jobs_post_description_length"
            ),
            text_length_constraint(
                "requirements", REQUIREMENTS_MAX_LENGTH, name="jobs_post_requirements_length"
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.company_name}"

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            # pre_save renders only the fields being saved: keep the HTML with its source.
            rendered = markdown_html_fields(type(self), update_fields)
            update_fields = {*update_fields, *(f.name for f in rendered)}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("jobs:job-detail", kwargs={"pk": self.pk})

    # --- display -------------------------------------------------------------------

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, "")

    @property
    def job_type_labels(self) -> list[str]:
        labels = dict(self.JobType.choices)
        return [labels.get(value, value) for value in self.job_types]

    @property
    def location_text(self) -> str:
        place = ", ".join(part for part in (self.city, self.region, self.country_name) if part)
        if self.remote == self.Remote.REMOTE:
            return f"Remote ({place})" if place else "Remote"
        if self.remote == self.Remote.HYBRID:
            return f"Hybrid, {place}" if place else "Hybrid"
        return place

    @property
    def is_public(self) -> bool:
        """Whether ``JobPost.objects.public()`` includes this post (``public_posts``)."""
        return matches(public_posts(), self)

    @property
    def is_gone(self) -> bool:
        """Was public and is no longer: its page answers 410 Gone."""
        if self.status == Status.APPROVED:
            return not self.is_public
        return self.status in {Status.EXPIRED, Status.FILLED}

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def _poster_may(self, to: str) -> bool:
        return WORKFLOW.allows(self.status, to, Actor.POSTER)

    @property
    def can_submit(self) -> bool:
        # Approved posts go back to review by being edited, not by this button.
        return self.status != Status.APPROVED and self._poster_may(Status.REVIEW)

    @property
    def can_withdraw(self) -> bool:
        return self._poster_may(Status.WITHDRAWN)

    @property
    def can_mark_filled(self) -> bool:
        return self._poster_may(Status.FILLED)

    def allowed_transitions(self, actor: Actor) -> list[str]:
        return WORKFLOW.targets(self.status, actor)

    def reviewed_fields(self) -> dict:
        """The fields a reviewer judges, JSON-ready, for snapshots and diffs."""
        return {name: getattr(self, name) for name in REVIEWED_FIELDS}

    def claim_is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.claimed_by_id and self.claimed_at and self.claimed_at > claim_cutoff(now))

    def json_ld(self) -> dict:
        """schema.org JobPosting for search engines."""
        data = {
            "@context": "https://schema.org/",
            "@type": "JobPosting",
            "title": self.title,
            "description": self.description_html,
            "datePosted": self.published_at.isoformat() if self.published_at else None,
            "validThrough": self.expires_at.isoformat() if self.expires_at else None,
            "employmentType": [SCHEMA_EMPLOYMENT_TYPES[value] for value in self.job_types],
            "hiringOrganization": {"@type": "Organization", "name": self.company_name},
            "directApply": False,
        }
        if self.company_website:
            data["hiringOrganization"]["sameAs"] = self.company_website
        if self.city or self.country:
            data["jobLocation"] = {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": self.city,
                    "addressRegion": self.region,
                    "addressCountry": self.country,
                },
            }
        if self.remote == self.Remote.REMOTE:
            data["jobLocationType"] = "TELECOMMUTE"
            if self.country:
                data["applicantLocationRequirements"] = {
                    "@type": "Country",
                    "name": self.country_name,
                }
        return {key: value for key, value in data.items() if value is not None}

    # --- workflow hooks (community/workflow.py calls them on the locked row) ----------

    def check_transition(self, source, to, *, by, actor, reason, now) -> None:
        if actor == Actor.POSTER and by is not None and by.pk != self.poster_id:
            raise ActionRefused("Only the person who posted this job can do that.")
        if actor == Actor.REVIEWER:
            if by.pk == self.poster_id:
                raise ActionRefused("You cannot review your own post.")
            if self.claim_is_active(now) and self.claimed_by_id != by.pk:
                raise ActionRefused(
                    f"{self.claimed_by} is reviewing this post (claimed "
                    f"{timezone.localtime(self.claimed_at):%H:%M} UTC)."
                )

    def history_extra(self, source, to) -> dict:
        # The reviewed fields as the reviewer saw them, for the next review's diff.
        return {"snapshot": self.reviewed_fields() if to in REVIEW_DECISIONS else None}

    def apply_transition(self, source, to, *, by, actor, reason, now) -> None:
        if to == Status.REVIEW:
            self.submitted_at = now
            self.first_submitted_at = self.first_submitted_at or now
        if to in REVIEW_DECISIONS:
            self.first_reviewed_at = self.first_reviewed_at or now
        if source == Status.REVIEW or to == Status.REVIEW:
            self.claimed_by = None
            self.claimed_at = None
        if to == Status.APPROVED:
            self.published_at = now
            self.expires_at = now + timedelta(days=settings.JOBS_EXPIRY_DAYS)


def submitted_countries() -> list[str]:
    """The countries of submitted posts (``JobPost.objects.submitted()``), by code.

    A loose index scan: each step asks jobs_post_country_idx for the first code after
    the previous one, so the cost follows the number of countries, not of posts (a
    DISTINCT over 11,000 posts took 7-10 ms; this takes 0.1 ms).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE used(code) AS (
                (SELECT country FROM jobs_jobpost
                 WHERE country > '' AND NOT (status = %(draft)s) ORDER BY country LIMIT 1)
                UNION ALL
                SELECT (SELECT country FROM jobs_jobpost
                        WHERE country > used.code AND NOT (status = %(draft)s)
                        ORDER BY country LIMIT 1)
                FROM used WHERE used.code IS NOT NULL
            )
            SELECT code FROM used WHERE code IS NOT NULL
            """,
            {"draft": Status.DRAFT.value},
        )
        return [code for (code,) in cursor.fetchall()]


def claim_cutoff(now):
    """Claims taken before this moment have lapsed and are free to take over."""
    return now - timedelta(minutes=settings.JOBS_CLAIM_MINUTES)


def active_claim(now) -> Q:
    """A claim taken less than ``JOBS_CLAIM_MINUTES`` ago: the post is someone's for now."""
    return Q(claimed_by__isnull=False, claimed_at__gt=claim_cutoff(now))


class JobTransitionQuerySet(models.QuerySet):
    def with_poster_note(self):
        """Each change with ``poster_note``: its reason as the poster may read it, empty
        where the reason is the reviewers' internal note (``INTERNAL_NOTE_DECISIONS``)."""
        return self.annotate(
            poster_note=models.Case(
                models.When(to_status__in=INTERNAL_NOTE_DECISIONS, then=models.Value("")),
                default=models.F("reason"),
                output_field=models.TextField(),
            )
        )


class JobTransition(TransitionRecord):
    """One state change of a post: from, to, who, when and why (the reviewer's comment)."""

    post = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="transitions")
    # With the statuses as choices, so pages show their labels.
    from_status = models.CharField(max_length=30, choices=Status, blank=True)
    to_status = models.CharField(max_length=30, choices=Status)
    # The reviewed fields as the reviewer saw them (review decisions only).
    snapshot = models.JSONField(null=True, blank=True)

    objects = JobTransitionQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        indexes = [models.Index(fields=["post", "-at"], name="jobs_transition_post_idx")]

    def __str__(self):
        return f"{self.post_id}: {self.from_status} → {self.to_status}"

    @property
    def is_review_decision(self) -> bool:
        return self.to_status in REVIEW_DECISIONS


class ReviewComment(models.Model):
    """A message in a post's review thread; internal notes are for reviewers only."""

    post = models.ForeignKey(JobPost, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    is_internal = models.BooleanField(
        "internal note", default=False, help_text="Only reviewers see internal notes."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.post_id}"


class BlockedPoster(models.Model):
    """A user who may no longer create or submit job posts (set by the spam action)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_block"
    )
    reason = models.TextField(blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} (blocked)"


def logo_file_visibility(path: str, user) -> str | None:
    """Who may fetch the uploaded file at ``path`` (relative to the media root).

    "public" for anything but a logo, and for a public company's logo; "private" for
    a logo only ``user`` may see (their own draft's company, or a reviewer judging it);
    None when ``user`` may not see it at all.
    """
    if not path.startswith(LOGO_DIRECTORY):
        return "public"
    companies = Company.objects.filter(logo=path)
    if companies.public().exists():
        return "public"
    if companies.with_logo_visible_to(user).exists():
        return "private"
    return None
