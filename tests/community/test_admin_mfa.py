import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from community import roles
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db


def current_code():
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_volunteer_without_two_factor_is_sent_to_set_it_up(client):
    UserFactory(username="volunteer", role=roles.CALENDAR_VOLUNTEERS, mfa=False)
    client.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    setup_url = response["Location"]
    # allauth asks for the password again before a second factor can be added.
    response = client.get(setup_url)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == setup_url
    setup_page = client.get(setup_url)
    assert setup_page.status_code == 200
    assert b"two-factor authentication first" in setup_page.content
    assert b"Authenticator code" in setup_page.content


def test_volunteer_with_two_factor_reaches_the_admin(client):
    client.force_login(UserFactory(role=roles.CALENDAR_VOLUNTEERS))
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_goes_through_allauth():
    from django.test import Client

    response = Client().get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_signing_in_asks_for_the_second_factor(client):
    UserFactory(username="volunteer", role=roles.JOB_BOARD_REVIEWERS)
    response = client.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert client.get(reverse("admin:index")).status_code == 200


def test_members_are_not_asked_for_two_factor_outside_the_admin(client, member):
    client.force_login(member)
    assert client.get(reverse("community:profile")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 403  # not staff: the site's page
