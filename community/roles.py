"""Volunteer roles, defined in code.

Each role is a Django group whose permissions are exactly the ones listed here.
``sync_roles`` makes the database match (it runs after every ``migrate``), so
giving a role a new permission is one line in its tuple below.
"""

import logging
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple[str, ...]
    # Volunteers in this role work in the admin, so granting it grants staff status.
    uses_admin: bool = True


CALENDAR_VOLUNTEERS = Role(
    "Calendar volunteers",
    description=(
        "Review submitted events and keep the Python events and user group calendars accurate."
    ),
    permissions=(
        "representatives.view_region",
        "events.view_calendar",
        "events.add_event",
        "events.change_event",
        "events.view_event",
        "events.view_eventstatuschange",
        "representatives.view_usergroup",
        "representatives.change_usergroup",
        "representatives.trust_usergroup",
        "representatives.view_grouptransition",
    ),
)
JOB_BOARD_REVIEWERS = Role(
    "Job board reviewers",
    description=(
        "Review job posts in the review queue so every post is checked before it goes live."
    ),
    permissions=(
        "jobs.view_jobpost",
        "jobs.review_jobpost",
        "jobs.view_company",
        "jobs.change_company",
        "jobs.view_blockedposter",
        "jobs.delete_blockedposter",
        "jobs.view_reviewcomment",
    ),
)
KIT_MANAGERS = Role(
    "Kit managers",
    description="Look after a region's conference kits: bookings, shipments and their costs.",
    # What each manager may change is scoped further to their regions' kits (kits/admin.py).
    permissions=(
        "representatives.view_region",
        "kits.view_kit",
        "kits.add_kit",
        "kits.change_kit",
        "kits.view_kititem",
        "kits.add_kititem",
        "kits.change_kititem",
        "kits.delete_kititem",
        "kits.view_booking",
        "kits.view_booth",
        "kits.view_shift",
        "kits.view_shipment",
        "kits.add_shipment",
        "kits.change_shipment",
        "kits.view_shipmentattachment",
        "kits.add_shipmentattachment",
        "kits.view_exchangerate",
        "kits.add_exchangerate",
        "kits.change_exchangerate",
        "kits.view_shippingtime",
        "kits.add_shippingtime",
        "kits.change_shippingtime",
    ),
)
BOARD_MEMBERS = Role(
    "Board members",
    description=(
        "Read budget reports: what the board approved against what was spent; decide "
        "applications to represent a region."
    ),
    permissions=(
        "representatives.view_region",
        "representatives.view_representative",
        "representatives.view_representativeapplication",
        "representatives.change_representativeapplication",
        "representatives.view_applicationtransition",
        # Every region's groups, milestones and activity reports, read only.
        "representatives.view_usergroup",
        "representatives.view_grouptransition",
        "representatives.view_milestone",
        "representatives.view_activityreport",
    ),
)
TREASURERS = Role(
    "Treasurers",
    description="Record what was spent against the budget the board approved.",
    permissions=(
        "representatives.view_region",
        "kits.view_kit",
        "kits.view_booking",
        "kits.view_booth",
        "kits.view_shift",
        "kits.view_shipment",
        "kits.view_shipmentattachment",
        "kits.view_exchangerate",
        "kits.add_exchangerate",
        "kits.change_exchangerate",
        "kits.view_shippingtime",
        "budget.view_fiscalyear",
        "budget.add_fiscalyear",
        "budget.change_fiscalyear",
        "budget.view_fiscalyeartransition",
        "budget.view_budgetline",
        "budget.add_budgetline",
        "budget.change_budgetline",
        "budget.view_amendment",
        "budget.add_amendment",
        "budget.change_amendment",
        "budget.view_expense",
        "budget.add_expense",
        "budget.change_expense",
        "budget.delete_expense",
        "budget.view_commitment",
        "budget.add_commitment",
        "budget.change_commitment",
        "budget.view_conferencesupport",
        "budget.add_conferencesupport",
        "budget.change_conferencesupport",
        "budget.view_moneychange",
        "budget.view_linealert",
    ),
)
REGIONAL_REPRESENTATIVES = Role(
    "Regional representatives",
    description="Link the PSF to the user groups of a region and keep its directory current.",
    permissions=(
        "representatives.view_region",
        # Scoped to the regions they represent (representatives/admin.py).
        "representatives.view_usergroup",
        "representatives.add_usergroup",
        "representatives.change_usergroup",
        "representatives.view_grouptransition",
        "representatives.view_milestone",
        "representatives.add_milestone",
        "representatives.change_milestone",
        "representatives.delete_milestone",
        "representatives.view_activityreport",
        "representatives.add_activityreport",
        "representatives.change_activityreport",
    ),
)

ROLES = (
    CALENDAR_VOLUNTEERS,
    JOB_BOARD_REVIEWERS,
    KIT_MANAGERS,
    BOARD_MEMBERS,
    TREASURERS,
    REGIONAL_REPRESENTATIVES,
)


class UnknownPermission(LookupError):
    pass


def _permission_lookup(codes):
    from django.contrib.auth.models import Permission

    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    return {f"{app}.{codename}": found.get((app, codename)) for app, codename in wanted}


@transaction.atomic
def sync_roles(*, strict: bool = False) -> None:
    """Create each role's group and set its permissions to exactly the listed ones.

    Idempotent. A permission that does not exist (yet) is skipped with a warning,
    or raises ``UnknownPermission`` when ``strict``.
    """
    from django.contrib.auth.models import Group

    lookup = _permission_lookup({code for role in ROLES for code in role.permissions})
    missing = sorted(code for code, perm in lookup.items() if perm is None)
    if missing:
        if strict:
            raise UnknownPermission(f"Roles name unknown permissions: {', '.join(missing)}")
        logger.warning("Roles name permissions that do not exist yet: %s", ", ".join(missing))
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set([lookup[code] for code in role.permissions if lookup[code]])


def grant_role(user, role: Role) -> None:
    """Put ``user`` in ``role``'s group, with staff status if the role uses the admin."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role.name))
    if role.uses_admin and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def revoke_role(user, role: Role) -> None:
    """Take ``user`` out of ``role``'s group (staff status stays: other roles may need it)."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name=role.name))
