"""Who is on the team page, and in which roles: the groups of ``community.roles`` and the
regions whose kits a person manages (``kits.RegionKitManager``)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, Q

from community.models import TeamProfile
from community.roles import ROLES
from kits.models import RegionKitManager

ROLE_NAMES = [role.name for role in ROLES]


@dataclass(frozen=True)
class TeamMember:
    profile: TeamProfile
    roles: list[str]

    @property
    def name(self) -> str:
        return self.profile.user.get_full_name() or self.profile.user.get_username()


def team_members() -> list[TeamMember]:
    """Opted-in people who hold a role or manage a region's kits, in three queries."""
    role_groups = Group.objects.filter(name__in=ROLE_NAMES)
    has_role = Exists(role_groups.filter(user=OuterRef("user")))
    manages_kits = Exists(RegionKitManager.objects.filter(user=OuterRef("user")))
    profiles = (
        TeamProfile.objects.on_team_page()
        .filter(Q(has_role) | Q(manages_kits))
        .select_related("user")
        .prefetch_related(
            Prefetch("user__groups", queryset=role_groups.only("name"), to_attr="role_groups"),
            Prefetch(
                "user__kit_regions",
                queryset=RegionKitManager.objects.select_related("region").order_by(
                    "region__position"
                ),
                to_attr="managed_regions",
            ),
        )
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    members = []
    for profile in profiles:
        held = {group.name for group in profile.user.role_groups}
        roles = [name for name in ROLE_NAMES if name in held]
        roles += [f"Kit manager, {link.region.name}" for link in profile.user.managed_regions]
        members.append(TeamMember(profile, roles))
    return members


def team_profile_save(*, user, shows_on_team_page: bool, bio: str, new_photo=None) -> TeamProfile:
    """Save what ``user`` shows on the team page. Withdrawing deletes the photo as well, so
    nothing of them stays reachable once they leave the page."""
    profile, _ = TeamProfile.objects.get_or_create(user=user)
    profile.shows_on_team_page = shows_on_team_page
    profile.bio = bio
    if new_photo is not None:
        profile.photo.delete(save=False)
        profile.photo.save(new_photo.image.name, new_photo.image, save=False)
    if not shows_on_team_page and profile.photo:
        profile.photo.delete(save=False)
    profile.save()
    return profile
