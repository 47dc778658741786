"""Who reads the budget: one home for the rule every view, queryset and admin uses."""

from community import roles


def reads_budget(user) -> bool:
    """Board members, treasurers and superusers read every line."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[roles.BOARD_MEMBERS.name, roles.TREASURERS.name]).exists()


def is_treasurer(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=roles.TREASURERS.name).exists()


def managed_region_ids(user) -> list[int]:
    """The regions whose kits ``user`` manages (kit lines of these regions are theirs to read)."""
    from kits.models import RegionKitManager

    if not user.is_authenticated:
        return []
    return list(RegionKitManager.objects.filter(user=user).values_list("region_id", flat=True))
