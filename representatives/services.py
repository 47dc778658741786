"""Representatives' rules that span models or roles: appointing and ending terms."""

from datetime import date

from django.db import transaction

from community import roles
from representatives.models import Representative


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
