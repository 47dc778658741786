"""Job board actions that span models or send mail.

Each function is named ``<noun>_<verb>``, takes keyword arguments, changes state
through ``JobPost.transition`` (community/workflow.py: locks, checks and records),
refuses with ``ActionRefused`` and queues mail with ``queue_mail`` so it leaves only
after the transaction commits.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from community import roles
from community.mail import queue_mail
from community.markup import markdown_to_text
from community.workflow import ActionRefused
from jobs.models import (
    REVIEW_DECISIONS,
    Actor,
    BlockedPoster,
    Company,
    JobPost,
    JobTransition,
    ReviewComment,
    Status,
    active_claim,
)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def poster_addresses(post: JobPost) -> list[str]:
    addresses = [post.contact_email, post.poster.email]
    return list(dict.fromkeys(a for a in addresses if a))


def _mail_poster(post: JobPost, template: str, **context) -> None:
    queue_mail(
        to=poster_addresses(post),
        template=f"jobs/email/{template}",
        context={
            "post": post,
            "mine_url": absolute(reverse("jobs:mine-detail", kwargs={"pk": post.pk})),
            "public_url": absolute(post.get_absolute_url()),
            **context,
        },
    )


# --- posting -------------------------------------------------------------------------


def ensure_may_post(user) -> None:
    if BlockedPoster.objects.filter(user=user).exists():
        raise ActionRefused(
            "Your account may not post jobs. Write to the community relations team if you "
            "think this is a mistake."
        )


def _apply_form_data(post: JobPost, *, data: dict, logo) -> None:
    for name, value in data.items():
        setattr(post, name, value)
    post.company = Company.for_name(
        data["company_name"], website=data.get("company_website", ""), logo=logo
    )


def drafts_today(user, now=None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    return JobPost.objects.filter(poster=user, created_at__gte=since).count()


def _check_draft_limit(user) -> None:
    """Refuse a new draft past ``JOBS_DRAFTS_PER_DAY`` (each may store a company and logo).

    The poster's row is locked first (``_lock_submissions_of``), so two drafts sent at
    once are counted one after the other instead of both passing under the limit.
    """
    _lock_submissions_of(user)
    limit = settings.JOBS_DRAFTS_PER_DAY
    if drafts_today(user) >= limit:
        raise ActionRefused(
            f"You have started {limit} job posts in the last 24 hours, the daily limit. "
            "Edit one of your drafts, or start a new post tomorrow."
        )


@transaction.atomic
def post_create(*, poster, data: dict, logo=None) -> JobPost:
    """A new draft owned by ``poster``; refused past the daily draft limit."""
    ensure_may_post(poster)
    _check_draft_limit(poster)
    post = JobPost(poster=poster, status=Status.DRAFT)
    _apply_form_data(post, data=data, logo=logo)
    post.save()
    return post


@transaction.atomic
def post_update(*, post: JobPost, by, data: dict, logo=None) -> JobPost:
    """Save the poster's edits; an edited published post goes back to review."""
    ensure_may_post(by)
    _lock_submissions_of(by)
    locked = JobPost.objects.select_for_update().get(pk=post.pk)
    if locked.poster_id != by.pk:
        raise ActionRefused("Only the person who posted this job can edit it.")
    if not locked.is_editable:
        raise ActionRefused(f"A post that is “{locked.get_status_display()}” cannot be edited.")
    _apply_form_data(locked, data=data, logo=logo)
    locked.save()
    if locked.status == Status.APPROVED:
        _check_rate_limit(by)
        locked.transition(
            Status.REVIEW, by=by, actor=Actor.POSTER, reason="Edited after publication."
        )
    return locked


def submissions_today(user, now=None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    return JobTransition.objects.filter(by=user, to_status=Status.REVIEW, at__gte=since).count()


def _lock_submissions_of(user) -> None:
    """Hold the poster's row until the transaction ends, so one person's submissions
    are counted and made one after another: read without it, the daily count let 6 of
    12 simultaneous submits through a limit of 5. Taken before any post's lock (the
    transition locks the post), in every service that submits, so none can deadlock.
    """
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def _check_rate_limit(user) -> None:
    """Refuse a submission over the daily limit; the caller holds ``_lock_submissions_of``."""
    limit = settings.JOBS_SUBMISSIONS_PER_DAY
    if submissions_today(user) >= limit:
        raise ActionRefused(
            f"You have submitted {limit} posts for review in the last 24 hours, the daily "
            "limit. Your post is saved; please submit it tomorrow."
        )


@transaction.atomic
def post_submit(*, post: JobPost, by) -> JobTransition:
    """Send a draft, a post with requested changes, or an expired post (renewal) to review."""
    ensure_may_post(by)
    _lock_submissions_of(by)
    _check_rate_limit(by)
    return post.transition(Status.REVIEW, by=by, actor=Actor.POSTER)


def post_withdraw(*, post: JobPost, by) -> JobTransition:
    return post.transition(Status.WITHDRAWN, by=by, actor=Actor.POSTER)


def post_mark_filled(*, post: JobPost, by) -> JobTransition:
    return post.transition(Status.FILLED, by=by, actor=Actor.POSTER)


# --- reviewing ------------------------------------------------------------------------


def post_claim(*, post: JobPost, by, now=None) -> None:
    """Claim a queued post for ``by``; refused while another reviewer's claim is fresh.

    One conditional UPDATE decides, so two reviewers claiming at once cannot both win.
    """
    now = now or timezone.now()
    if not by.has_perm("jobs.review_jobpost"):
        raise ActionRefused("Only job board reviewers can claim posts.")
    if post.poster_id == by.pk:
        raise ActionRefused("You cannot review your own post.")
    claimed = (
        JobPost.objects.filter(pk=post.pk, status=Status.REVIEW)
        .filter(~active_claim(now) | Q(claimed_by=by))
        .update(claimed_by=by, claimed_at=now)
    )
    if claimed != 1:
        post.refresh_from_db(fields=["status", "claimed_by", "claimed_at"])
        if post.status != Status.REVIEW:
            raise ActionRefused(
                f"This post is “{post.get_status_display()}”, not waiting for review."
            )
        raise ActionRefused(f"{post.claimed_by} has claimed this post already.")
    post.claimed_by, post.claimed_at = by, now


def post_release_claim(*, post: JobPost, by) -> None:
    JobPost.objects.filter(pk=post.pk, claimed_by=by).update(claimed_by=None, claimed_at=None)
    post.claimed_by = post.claimed_at = None


def _review(post: JobPost, to: str, *, by, reason: str) -> JobTransition:
    if not by.has_perm("jobs.review_jobpost"):
        raise ActionRefused("Only job board reviewers can review posts.")
    return post.transition(to, by=by, actor=Actor.REVIEWER, reason=reason)


def _require(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(f"Please give {what}: the poster will read it.")
    return text


# Every reviewer decision takes ``reason``: the note, reason or requested changes the
# poster reads (for spam, an internal note).


def post_approve(*, post: JobPost, by, reason: str = "") -> JobTransition:
    summary = Truncator(markdown_to_text(post.description)).chars(1500)
    return _decide_and_tell(
        post, Status.APPROVED, by=by, reason=reason.strip(), mail="approved", summary=summary
    )


def _decide_and_tell(post: JobPost, to: str, *, by, reason: str, mail: str, **context):
    """A decision the poster is mailed about, once it is committed."""
    with transaction.atomic():
        record = _review(post, to, by=by, reason=reason)
        _mail_poster(post, mail, reason=reason, **context)
    return record


def post_reject(*, post: JobPost, by, reason: str) -> JobTransition:
    reason = _require(reason, "a reason for the rejection")
    return _decide_and_tell(post, Status.REJECTED, by=by, reason=reason, mail="rejected")


def post_request_changes(*, post: JobPost, by, reason: str) -> JobTransition:
    reason = _require(reason, "the changes you ask for")
    return _decide_and_tell(
        post, Status.CHANGES_REQUESTED, by=by, reason=reason, mail="changes_requested"
    )


def post_remove(*, post: JobPost, by, reason: str) -> JobTransition:
    reason = _require(reason, "a reason for removing the post")
    return _decide_and_tell(post, Status.REMOVED, by=by, reason=reason, mail="removed")


def post_mark_spam(*, post: JobPost, by, reason: str = "") -> JobTransition:
    """Mark the post as spam and block its poster from posting again. No mail to spammers."""
    with transaction.atomic():
        record = _review(post, Status.SPAM, by=by, reason=reason.strip() or "Spam.")
        BlockedPoster.objects.get_or_create(
            user_id=post.poster_id,
            defaults={"reason": f"Post #{post.pk} marked as spam.", "blocked_by": by},
        )
    return record


def post_comment_add(
    *, post: JobPost, author, body: str, is_internal: bool = False
) -> ReviewComment:
    """Add to the review thread; the poster may only write public comments on their own post."""
    body = body.strip()
    if not body:
        raise ActionRefused("The comment is empty.")
    is_reviewer = author.has_perm("jobs.review_jobpost") and author.pk != post.poster_id
    if not is_reviewer:
        if author.pk != post.poster_id:
            raise ActionRefused("Only the poster and reviewers can comment on this post.")
        is_internal = False
    comment = ReviewComment.objects.create(
        post=post, author=author, body=body, is_internal=is_internal
    )
    if is_reviewer and not is_internal:
        _mail_poster(post, "comment", comment=comment)
    return comment


# --- expiry and digest --------------------------------------------------------------


def posts_expire_due(*, now=None, dry_run: bool = False) -> list[JobPost]:
    """Expire approved posts past their end date and mail their posters; idempotent."""
    now = now or timezone.now()
    due = list(JobPost.objects.due_to_expire(now).select_related("poster").order_by("expires_at"))
    if dry_run:
        return due
    expired = []
    for post in due:
        try:
            with transaction.atomic():
                post.transition(Status.EXPIRED, by=None, actor=Actor.SYSTEM, now=now)
                _mail_poster(post, "expired")
        except ActionRefused:
            continue  # changed meanwhile (edited, filled, removed): nothing to expire
        expired.append(post)
    return expired


def reviewers():
    return get_user_model().objects.filter(
        groups__name=roles.JOB_BOARD_REVIEWERS.name, is_active=True
    )


def review_digest_send(*, now=None, hours: int | None = None) -> list[JobPost]:
    """Mail every reviewer the posts that have waited longer than ``hours``."""
    now = now or timezone.now()
    hours = settings.JOBS_DIGEST_AFTER_HOURS if hours is None else hours
    waiting = list(
        JobPost.objects.pending()
        .filter(submitted_at__lte=now - timedelta(hours=hours))
        .select_related("claimed_by")
    )
    if not waiting:
        return []
    addresses = sorted({user.email for user in reviewers() if user.email})
    if addresses:
        queue_mail(
            to=addresses,
            template="jobs/email/review_digest",
            context={
                "posts": waiting,
                "hours": hours,
                "now": now,
                "queue_url": absolute(reverse("admin:jobs_jobpost_changelist")),
                "total": JobPost.objects.pending().count(),
            },
        )
    return waiting


# --- dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardStats:
    queue_size: int
    unclaimed: int
    oldest_submitted_at: object
    median_first_review: timedelta | None
    reviewed_posts_30_days: int
    reviews_per_reviewer: list


def dashboard_stats(now=None) -> DashboardStats:
    now = now or timezone.now()
    since = now - timedelta(days=30)
    queue = JobPost.objects.filter(status=Status.REVIEW).aggregate(
        size=Count("pk"),
        unclaimed=Count("pk", filter=~active_claim(now)),
        oldest=Min("submitted_at"),
    )
    first_reviews = JobPost.objects.first_review_times(since)
    per_reviewer = list(
        JobTransition.objects.filter(
            at__gte=since,
            to_status__in=[*REVIEW_DECISIONS, Status.REMOVED],
            by__isnull=False,
        )
        .values("by__username")
        .annotate(
            reviews=Count("pk"),
            approved=Count("pk", filter=Q(to_status=Status.APPROVED)),
            last=Max("at"),
        )
        .order_by("-reviews", "by__username")
    )
    return DashboardStats(
        queue_size=queue["size"],
        unclaimed=queue["unclaimed"],
        oldest_submitted_at=queue["oldest"],
        median_first_review=first_reviews["median"],
        reviewed_posts_30_days=first_reviews["count"],
        reviews_per_reviewer=per_reviewer,
    )
