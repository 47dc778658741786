"""Representatives' rules that span models, roles or mail: terms, applications, the user
group directory's submissions and dormant groups."""

from collections import defaultdict
from datetime import date

from allauth.account.utils import has_verified_email
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from community import roles
from community.mail import queue_mail
from community.workflow import ActionRefused
from representatives.models import (
    ApplicationActor,
    ApplicationStatus,
    GroupReview,
    GroupReviewer,
    GroupStatus,
    Region,
    Representative,
    RepresentativeApplication,
    UserGroup,
    represented_regions,
    reviews_every_group,
)

OPEN_APPLICATION = "You already have an open application for {region}; the board will answer it."


def _absolute(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def representative_activate(*, representative: Representative) -> Representative:
    """Make a representative active and give their user the representatives' role."""
    with transaction.atomic():
        representative.status = Representative.Status.ACTIVE
        representative.full_clean()
        representative.save()
        roles.grant_role(representative.user, roles.REGIONAL_REPRESENTATIVES)
    return representative


def representative_terms_end(*, today: date, dry_run: bool = False) -> list[Representative]:
    """Active representatives whose term ended become emeritus; those left with no current
    term lose the representatives' role. Idempotent: an emeritus is not touched again."""
    ended = list(Representative.objects.terms_ended(today).select_related("user", "region"))
    if dry_run or not ended:
        return ended
    with transaction.atomic():
        Representative.objects.filter(pk__in=[r.pk for r in ended]).update(
            status=Representative.Status.EMERITUS
        )
        for user in {r.user for r in ended}:
            if not user.representative_terms.active().exists():
                roles.revoke_role(user, roles.REGIONAL_REPRESENTATIVES)
    return ended


def application_submit(
    *, applicant, region: Region, motivation: str, community_involvement: str, references: str
) -> RepresentativeApplication:
    """A signed-in member with a verified e-mail applies to represent ``region``."""
    if not has_verified_email(applicant):
        raise ActionRefused("Verify your e-mail address before you apply.")
    if applicant.representative_applications.filter(
        region=region, status=ApplicationStatus.SUBMITTED
    ).exists():
        raise ActionRefused(OPEN_APPLICATION.format(region=region))
    try:
        with transaction.atomic():
            application = RepresentativeApplication.objects.create(
                applicant=applicant,
                region=region,
                motivation=motivation,
                community_involvement=community_involvement,
                references=references,
            )
            application.record_creation(by=applicant)
    except IntegrityError:
        # Two submissions at once: the partial unique index let one through.
        raise ActionRefused(OPEN_APPLICATION.format(region=region)) from None
    return application


def _tell_applicant(application: RepresentativeApplication, template: str, **context) -> None:
    queue_mail(
        to=[application.applicant.email],
        template=f"representatives/email/application_{template}",
        context={
            "application": application,
            "url": _absolute(reverse("representatives:application-mine")),
            **context,
        },
    )


def application_accept(
    *, application: RepresentativeApplication, by, role_title: str = "", term_start=None
) -> Representative:
    """Accept: the applicant becomes the region's active representative with the role."""
    with transaction.atomic():
        application.transition(ApplicationStatus.ACCEPTED, by=by, actor=ApplicationActor.BOARD)
        representative = Representative(
            user=application.applicant,
            region=application.region,
            role_title=role_title or "Regional representative",
            term_start=term_start or timezone.localdate(),
        )
        representative_activate(representative=representative)
        application.representative = representative
        application.save(update_fields=["representative"])
        _tell_applicant(application, "accepted", representative=representative)
    return representative


def application_decline(
    *, application: RepresentativeApplication, by, reason: str
) -> RepresentativeApplication:
    """Decline with a reason the applicant reads."""
    with transaction.atomic():
        record = application.transition(
            ApplicationStatus.DECLINED, by=by, actor=ApplicationActor.BOARD, reason=reason
        )
        _tell_applicant(application, "declined", reason=record.reason)
    return application


# --- the user group directory ---------------------------------------------------------

# Enough for an organiser of several groups; a stop for someone filling the queue.
MAX_WAITING_SUBMISSIONS = 5


class DuplicateGroup(ActionRefused):
    """A submission for a group that is already listed or waiting; ``existing`` is it."""

    def __init__(self, existing: UserGroup):
        self.existing = existing
        if existing.is_public:
            message = f"{existing.name} ({existing.location}) is already in the directory."
        else:
            message = f"{existing.name} ({existing.location}) has already been submitted and "
            message += "is waiting for review."
        super().__init__(message)


def _unique_slug(name: str, city: str) -> str:
    base = slugify(f"{name} {city}" if city and city.lower() not in name.lower() else name)
    base = (base or "group")[:140]
    taken = set(UserGroup.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    # "submit" and "mine" are the directory's own pages.
    while slug in taken or slug in ("submit", "mine"):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _group_reviewers(group: UserGroup) -> list[str]:
    """Who is told about a new submission: the region's active representatives, or the
    calendar volunteers when nobody represents the group's country."""
    from django.contrib.auth import get_user_model

    emails = []
    if group.region_id:
        emails = list(
            Representative.objects.active()
            .filter(region_id=group.region_id)
            .values_list("user__email", flat=True)
        )
    if not emails:
        emails = list(
            get_user_model()
            .objects.filter(groups__name=roles.CALENDAR_VOLUNTEERS.name, is_active=True)
            .values_list("email", flat=True)
        )
    return sorted({email for email in emails if email})


def group_submit(*, by, **fields) -> UserGroup:
    """A signed-in member submits a group; it waits for the region's representatives or
    the calendar volunteers. A group already listed (same name in the same city, folded,
    or the same website) is refused with ``DuplicateGroup``."""
    group = UserGroup(**fields)
    if duplicate := group.duplicates().first():
        raise DuplicateGroup(duplicate)
    if (
        UserGroup.objects.filter(submitted_by=by, review_status=GroupReview.SUBMITTED).count()
        >= MAX_WAITING_SUBMISSIONS
    ):
        raise ActionRefused(
            f"You have {MAX_WAITING_SUBMISSIONS} groups waiting for review; submit more once "
            "those are answered."
        )
    now = timezone.now()
    group.slug = _unique_slug(group.name, group.city)
    group.review_status = GroupReview.SUBMITTED
    group.status = GroupStatus.ACTIVE
    group.submitted_by = by
    group.submitted_at = now
    group.last_activity_at = now
    try:
        with transaction.atomic():
            group.save()
            group.record_creation(by=by, now=now)
            if reviewers := _group_reviewers(group):
                queue_mail(
                    to=reviewers,
                    template="representatives/email/group_submitted",
                    context={
                        "group": group,
                        "url": _absolute(
                            reverse("admin:representatives_usergroup_change", args=[group.pk])
                        ),
                    },
                )
    except IntegrityError:
        # Two people submitted the same group at once: the unique keys let one through.
        duplicate = group.duplicates().first()
        if duplicate is None:
            raise
        raise DuplicateGroup(duplicate) from None
    return group


def group_reviewer_actor(user, group: UserGroup) -> str:
    """Which reviewer ``user`` is for ``group``, or ``ActionRefused``."""
    if reviews_every_group(user):
        return GroupReviewer.CALENDAR
    if group.region_id and represented_regions(user).filter(pk=group.region_id).exists():
        return GroupReviewer.REPRESENTATIVE
    raise ActionRefused(
        "Only the representatives of the group's region or the calendar volunteers review it."
    )


def _tell_submitter(group: UserGroup, template: str, **context) -> None:
    if group.submitted_by is None or not group.submitted_by.email:
        return
    queue_mail(
        to=[group.submitted_by.email],
        template=f"representatives/email/group_{template}",
        context={
            "group": group,
            "url": _absolute(reverse("representatives:group-submit")),
            **context,
        },
    )


def group_approve(*, group: UserGroup, by) -> UserGroup:
    """Approve a submitted group: it joins the directory; the submitter is told."""
    actor = group_reviewer_actor(by, group)
    with transaction.atomic():
        group.transition(GroupReview.APPROVED, by=by, actor=actor)
        _tell_submitter(group, "approved", page=_absolute(group.get_absolute_url()))
    return group


def group_decline(*, group: UserGroup, by, reason: str) -> UserGroup:
    """Decline a submitted group with a reason the submitter reads."""
    actor = group_reviewer_actor(by, group)
    with transaction.atomic():
        record = group.transition(GroupReview.DECLINED, by=by, actor=actor, reason=reason)
        _tell_submitter(group, "declined", reason=record.reason)
    return group


def groups_mark_dormant(*, now=None, dry_run: bool = False) -> list[UserGroup]:
    """Active groups with no sign of life for ``DORMANT_AFTER`` become dormant, and each
    region's active representatives get one digest of their newly dormant groups.
    Idempotent: a group already dormant is neither marked nor mailed again."""
    now = now or timezone.now()
    stale = UserGroup.objects.stale(now).select_related("region").order_by("region_id", "name")
    if dry_run:
        return list(stale)
    with transaction.atomic():
        groups = list(stale.select_for_update(of=("self",), skip_locked=True))
        # The status in the WHERE clause: a group that came back to life meanwhile stays.
        UserGroup.objects.filter(pk__in=[g.pk for g in groups], status=GroupStatus.ACTIVE).update(
            status=GroupStatus.DORMANT
        )
        by_region = defaultdict(list)
        for group in groups:
            group.status = GroupStatus.DORMANT
            if group.region_id:
                by_region[group.region].append(group)
        emails_of = defaultdict(list)
        for region_id, email in (
            Representative.objects.active()
            .filter(region__in=list(by_region))
            .values_list("region_id", "user__email")
        ):
            if email:
                emails_of[region_id].append(email)
        for region, region_groups in by_region.items():
            if emails_of[region.pk]:
                queue_mail(
                    to=sorted(set(emails_of[region.pk])),
                    template="representatives/email/dormant_digest",
                    context={
                        "region": region,
                        "groups": region_groups,
                        "admin_url": _absolute(
                            reverse("admin:representatives_usergroup_changelist")
                            + "?status__exact=dormant"
                        ),
                    },
                )
    return groups
