"""Representatives' rules that span models or roles: appointing and ending terms."""

from datetime import date

from allauth.account.utils import has_verified_email
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community import roles
from community.mail import queue_mail
from community.workflow import ActionRefused
from representatives.models import (
    ApplicationActor,
    ApplicationStatus,
    Region,
    Representative,
    RepresentativeApplication,
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
