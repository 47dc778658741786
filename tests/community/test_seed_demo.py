import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from community.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_demo_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_creates_one_verified_account_per_role_and_is_repeatable(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    users = get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)
    assert users.count() == len(DEMO_ACCOUNTS)
    for username, (role, _) in DEMO_ACCOUNTS.items():
        user = users.get(username=username)
        if role:
            assert user.groups.filter(name=role.name).exists()
    response = client.post("/accounts/login/", {"login": "member", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


def test_demo_staff_have_the_demo_second_factor(settings):
    from allauth.mfa.utils import is_mfa_enabled

    settings.DEBUG = True
    call_command("seed_demo")
    staff = get_user_model().objects.filter(username__in=DEMO_ACCOUNTS, is_staff=True)
    assert staff.count() == 7  # admin and the six roles that use the admin
    assert all(is_mfa_enabled(user) for user in staff)
