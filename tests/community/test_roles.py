import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from community import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permission_codes(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.name)
def test_each_role_is_a_group_with_exactly_its_permissions_after_migrate(role):
    group = Group.objects.get(name=role.name)
    assert permission_codes(group) == set(role.permissions)


def test_every_permission_a_role_names_exists():
    roles.sync_roles(strict=True)  # raises UnknownPermission on a typo


def test_unknown_permission_is_refused_in_strict_mode(monkeypatch):
    broken = roles.Role("Broken", "A role with a typo", permissions=("events.fly_event",))
    monkeypatch.setattr(roles, "ROLES", (*roles.ROLES, broken))
    with pytest.raises(roles.UnknownPermission, match=r"events\.fly_event"):
        roles.sync_roles(strict=True)


def test_sync_removes_permissions_added_by_hand_and_is_idempotent():
    group = Group.objects.get(name=roles.BOARD_MEMBERS.name)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("sync_roles")
    call_command("sync_roles")
    assert permission_codes(group) == set(roles.BOARD_MEMBERS.permissions)
    assert Group.objects.filter(name=roles.BOARD_MEMBERS.name).count() == 1


def test_granting_an_admin_role_gives_staff_status():
    user = UserFactory()
    roles.grant_role(user, roles.CALENDAR_VOLUNTEERS)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=roles.CALENDAR_VOLUNTEERS.name).exists()
    assert user.has_perm("representatives.view_region")


def test_board_members_are_made_staff_to_decide_applications_in_the_admin():
    user = UserFactory(role=roles.BOARD_MEMBERS)
    user.refresh_from_db()
    assert user.is_staff
    assert not user.groups.filter(name=roles.KIT_MANAGERS.name).exists()


def test_the_permissions_of_every_role_are_looked_up_in_one_query(django_assert_num_queries):
    codes = {code for role in roles.ROLES for code in role.permissions}
    with django_assert_num_queries(1):
        lookup = roles._permission_lookup(codes)
    assert set(lookup) == codes
    assert all(perm is not None for perm in lookup.values())


def test_a_role_outside_the_admin_does_not_make_its_member_staff():
    readers = roles.Role("Readers", "Read in the site only", permissions=(), uses_admin=False)
    Group.objects.create(name=readers.name)
    user = UserFactory()
    roles.grant_role(user, readers)
    user.refresh_from_db()
    assert user.groups.filter(name="Readers").exists()
    assert not user.is_staff
