"""The review queue: where job board reviewers work.

Reviewers never edit a poster's text; they claim, decide (approve, reject,
request changes, spam, remove) and talk with the poster, on one post from its
review page or on many from the queue with an intermediate page asking for the
comment. Every decision goes through ``jobs.services``.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from community.admin_actions import report_outcome
from community.admin_lists import StatusQueueFilter
from community.countries import COUNTRY_NAMES
from community.uploads import ImageUploadField
from community.workflow import ActionRefused, apply_to_each
from jobs import services
from jobs.models import (
    LOGO_SIZE,
    REVIEWED_FIELDS,
    Actor,
    BlockedPoster,
    Company,
    JobPost,
    JobTransition,
    ReviewComment,
    Status,
    submitted_countries,
)


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision: the service that makes it and how the admin asks for it."""

    service: Callable[..., JobTransition]  # called with post=, by=, reason=
    status: str  # where it moves the post: offered only where the workflow allows that
    label: str
    reason_required: bool
    reason_label: str

    def possible_for(self, post: JobPost) -> bool:
        return self.status in post.allowed_transitions(Actor.REVIEWER)


# The one table of decisions: the review panel, the bulk actions and their forms read it.
DECISIONS = {
    "approve": Decision(
        services.post_approve,
        Status.APPROVED,
        "Approve",
        False,
        "Note to the poster (optional)",
    ),
    "request_changes": Decision(
        services.post_request_changes,
        Status.CHANGES_REQUESTED,
        "Request changes",
        True,
        "What the poster should change",
    ),
    "reject": Decision(
        services.post_reject,
        Status.REJECTED,
        "Reject",
        True,
        "Reason for the rejection (sent to poster)",
    ),
    "remove": Decision(
        services.post_remove,
        Status.REMOVED,
        "Remove from the board",
        True,
        "Reason (sent to the poster)",
    ),
    "spam": Decision(
        services.post_mark_spam,
        Status.SPAM,
        "Mark as spam and block the poster",
        False,
        "Internal note",
    ),
}


def _title(post: JobPost) -> str:
    return post.title


class QueueFilter(StatusQueueFilter):
    """Status, defaulting to the review queue so reviewers land on pending posts."""

    parameter_name = "queue"
    statuses = Status
    waiting = Status.REVIEW


class ClaimFilter(admin.SimpleListFilter):
    title = "reviewer"
    parameter_name = "claim"

    def lookups(self, request, model_admin):
        return [("mine", "Claimed by me"), ("free", "Not claimed"), ("others", "Claimed by others")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.claimed().filter(claimed_by=request.user)
        if self.value() == "free":
            return queryset.unclaimed()
        if self.value() == "others":
            return queryset.claimed().exclude(claimed_by=request.user)
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Only the countries posts are in: the full list of 249 would bury the other filters."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # An index probe per country (0.1 ms): cheaper than a cache round trip, and never stale.
        codes = submitted_countries()
        return sorted(((code, COUNTRY_NAMES.get(code, code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class DecisionForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    is_internal = forms.BooleanField(label="Internal note (reviewers only)", required=False)


def review_diff(post: JobPost, last_review: JobTransition | None) -> list[dict]:
    """Per changed field, a side-by-side table of the last reviewed text against now."""
    if last_review is None or not last_review.snapshot:
        return []
    now = post.reviewed_fields()
    changes = []
    for name in REVIEWED_FIELDS:
        before, after = last_review.snapshot.get(name), now.get(name)
        if before == after:
            continue
        table = difflib.HtmlDiff(wrapcolumn=60).make_table(
            _lines(before), _lines(after), "At the last review", "Now", context=True, numlines=2
        )
        # HtmlDiff escapes the text it is given; the markup around it is its own.
        changes.append({"field": JobPost._meta.get_field(name).verbose_name, "table": table})
    return [{**c, "table": mark_safe(c["table"])} for c in changes]


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value if value is not None else "").splitlines()


@admin.register(JobPost)
class JobPostAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "company_name",
        "status_label",
        "waiting",
        "claim",
        "poster",
        "category",
        "country_name",
        "remote",
    ]
    list_display_links = ["title"]
    list_filter = [QueueFilter, ClaimFilter, "category", "remote", CountryFilter]
    list_select_related = ["poster", "claimed_by"]
    search_fields = ["title", "company_name", "poster__username", "poster__email", "contact_email"]
    ordering = ["submitted_at", "pk"]
    list_per_page = 30
    show_full_result_count = False
    actions = ["claim_selected", *[f"{name}_selected" for name in DECISIONS]]
    fieldsets = [
        ("Poster", {"fields": ["poster_summary", "contact_email"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "first_submitted_at",
                    "submitted_at",
                    "first_reviewed_at",
                    "claimed_by",
                    "claimed_at",
                    "published_at",
                    "expires_at",
                ]
            },
        ),
    ]
    readonly_fields = [f for _, opts in fieldsets for f in opts["fields"]]
    change_form_template = "admin/jobs/jobpost/change_form.html"

    class Media:
        css = {"all": ["jobs/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).submitted()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the text is the poster's; reviewers decide through the review panel

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_review_permission(self, request):
        return request.user.has_perm("jobs.review_jobpost")

    def action_checkbox(self, obj):
        # Django renders a CheckboxInput through the form template engine for every
        # row (0.25 ms each, 8 ms a queue page); this is the same markup, formatted.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description="poster")
    def poster_summary(self, post):
        # No link: reviewers may not open user accounts in the admin.
        user = post.poster
        others = JobPost.objects.filter(poster=user).exclude(pk=post.pk)
        spam = others.filter(status=Status.SPAM).count()
        return format_html(
            "{} &lt;{}&gt;, joined {} · {} other post(s){}",
            user.get_username(),
            user.email,
            user.date_joined.date().isoformat(),
            others.count(),
            format_html(", <strong>{} marked as spam</strong>", spam) if spam else "",
        )

    @admin.display(description="status", ordering="status")
    def status_label(self, post):
        return post.get_status_display()

    # Not the "country" field itself: the admin flattens its 249 choices for every cell.
    @admin.display(description="country", ordering="country")
    def country_name(self, post):
        return post.country_name or "—"

    @admin.display(description="waiting", ordering="submitted_at")
    def waiting(self, post):
        if post.status != Status.REVIEW or not post.submitted_at:
            return "—"
        return timesince(post.submitted_at)

    @admin.display(description="claimed by")
    def claim(self, post):
        return post.claimed_by if post.claim_is_active() else "—"

    # --- one post -------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="jobs_jobpost_dashboard",
            ),
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="jobs_jobpost_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        post = self.get_object(request, object_id)
        extra = {}
        if post is not None:
            transitions = list(post.transitions.select_related("by"))
            last_review = next(
                (t for t in reversed(transitions) if t.is_review_decision and t.snapshot), None
            )
            extra = {
                "post": post,
                "transitions": transitions,
                "comments": post.comments.select_related("author"),
                "diff": review_diff(post, last_review) if post.status == Status.REVIEW else [],
                "last_review": last_review,
                "decisions": [
                    {
                        "name": name,
                        "label": decision.label,
                        "required": decision.reason_required,
                        "comment_label": decision.reason_label,
                    }
                    for name, decision in DECISIONS.items()
                    if decision.possible_for(post)
                ],
                "can_review": self.has_review_permission(request)
                and post.poster_id != request.user.pk,
                "claim_active": post.claim_is_active(),
                "comment_form": CommentForm(),
                "blocked": BlockedPoster.objects.filter(user_id=post.poster_id).exists(),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def review_view(self, request, pk):
        return require_POST(self._review_post)(request, pk)

    def _review_post(self, request, pk):
        post = get_object_or_404(self.get_queryset(request), pk=pk)
        back = HttpResponseRedirect(reverse("admin:jobs_jobpost_change", args=[post.pk]))
        if not self.has_review_permission(request):
            self.message_user(request, "Only job board reviewers can do that.", messages.ERROR)
            return back
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "")
        try:
            if action == "claim":
                services.post_claim(post=post, by=request.user)
                message = "You claimed this post; other reviewers see it is yours for now."
            elif action == "release":
                services.post_release_claim(post=post, by=request.user)
                message = "Claim released."
            elif action == "comment":
                form = CommentForm(request.POST)
                if not form.is_valid():
                    raise ActionRefused("The comment is empty.")
                services.post_comment_add(
                    post=post,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    is_internal=form.cleaned_data["is_internal"],
                )
                message = "Comment added."
            elif action in DECISIONS:
                DECISIONS[action].service(post=post, by=request.user, reason=comment)
                message = f"“{post.title}” is now “{post.get_status_display()}”."
                back = HttpResponseRedirect(reverse("admin:jobs_jobpost_changelist"))
            else:
                raise ActionRefused("Unknown action.")
        except ActionRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return back

    # --- bulk actions -----------------------------------------------------------------

    @admin.action(description="Claim selected posts", permissions=["review"])
    def claim_selected(self, request, queryset):
        done, refused = apply_to_each(
            queryset,
            lambda post: services.post_claim(post=post, by=request.user),
            name=_title,
        )
        report_outcome(
            self, request, done=done, success="{done} post(s): claimed.", problems=refused
        )

    def _decision_action(self, request, queryset, name):
        decision = DECISIONS[name]
        label = decision.label
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        form.fields["comment"].label = decision.reason_label
        form.fields["comment"].required = decision.reason_required
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["comment"]
            done, refused = apply_to_each(
                queryset.select_related("poster"),
                lambda post: decision.service(post=post, by=request.user, reason=reason),
                name=_title,
            )
            report_outcome(
                self,
                request,
                done=done,
                success=f"{{done}} post(s): {label.lower()}.",
                problems=refused,
            )
            return None
        return TemplateResponse(
            request,
            "admin/jobs/jobpost/decision_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{label}: {queryset.count()} post(s)",
                "opts": self.model._meta,
                "posts": queryset,
                "form": form,
                "action": f"{name}_selected",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "label": label,
            },
        )

    @admin.action(description="Approve selected posts", permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._decision_action(request, queryset, "approve")

    @admin.action(description="Request changes on selected posts", permissions=["review"])
    def request_changes_selected(self, request, queryset):
        return self._decision_action(request, queryset, "request_changes")

    @admin.action(description="Reject selected posts", permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._decision_action(request, queryset, "reject")

    @admin.action(description="Remove selected posts from the board", permissions=["review"])
    def remove_selected(self, request, queryset):
        return self._decision_action(request, queryset, "remove")

    @admin.action(
        description="Mark selected posts as spam (blocks posters)", permissions=["review"]
    )
    def spam_selected(self, request, queryset):
        return self._decision_action(request, queryset, "spam")

    # --- dashboard --------------------------------------------------------------------

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        stats = services.dashboard_stats()
        oldest_age = timesince(stats.oldest_submitted_at) if stats.oldest_submitted_at else None
        return TemplateResponse(
            request,
            "admin/jobs/jobpost/dashboard.html",
            {
                **self.admin_site.each_context(request),
                "title": "Job board review dashboard",
                "opts": self.model._meta,
                "stats": stats,
                "oldest_age": oldest_age,
                "median_hours": (
                    round(stats.median_first_review.total_seconds() / 3600, 1)
                    if stats.median_first_review is not None
                    else None
                ),
            },
        )

    def changelist_view(self, request, extra_context=None):
        extra = {"dashboard_url": reverse("admin:jobs_jobpost_dashboard")}
        return super().changelist_view(request, {**extra, **(extra_context or {})})


class CompanyForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)
    new_logo = ImageUploadField(
        required=False, label="Replace the logo", fit=LOGO_SIZE, thumbnail_size=None
    )

    class Meta:
        model = Company
        fields = ["name", "slug", "website"]

    def save(self, commit=True):
        company = super().save(commit=False)
        logo = self.cleaned_data.get("new_logo")
        if logo is not None:
            company.logo.save(logo.image.name, logo.image, save=False)
        if commit:
            company.save()
        return company


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyForm
    list_display = ["name", "website", "logo_preview"]
    search_fields = ["name", "website"]
    readonly_fields = ["logo_preview"]
    fields = ["name", "slug", "website", "logo_preview", "new_logo"]

    @admin.display(description="logo")
    def logo_preview(self, company):
        if not company.logo:
            return "—"
        return format_html(
            '<img src="{}" alt="{} logo" width="48" height="48" class="job-admin-logo">',
            company.logo.url,
            company.name,
        )


@admin.register(BlockedPoster)
class BlockedPosterAdmin(admin.ModelAdmin):
    list_display = ["user", "reason", "blocked_by", "created_at"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "blocked_by"]
    readonly_fields = ["user", "reason", "blocked_by", "created_at"]

    # Blocks come from the spam action; reviewers look them up and delete one to unblock.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["post", "author", "is_internal", "created_at"]
    list_select_related = ["post", "author"]
    search_fields = ["body", "post__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
