import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from community import roles
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db


def code_for(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def current_code():
    return code_for(TOTP_SECRET)


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


# Committed for real: allauth announces a new authenticator after the commit, during
# the request, and that is when the session is told it gave a code.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committed
def test_session_older_than_two_factor_must_give_a_code_before_the_admin(client):
    """Issue 23 §4: signed in with a password while the account had no second factor,
    then the account turns TOTP on from another session: the first session has never
    given a code and must not reach the admin without one."""
    from django.test import Client

    UserFactory(username="volunteer", role=roles.CALENDAR_VOLUNTEERS, mfa=False)
    old_session = client
    old_session.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    response = old_session.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))

    other_session = Client()
    other_session.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    other_session.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = other_session.get(reverse("mfa_activate_totp")).context["form"].secret
    response = other_session.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert other_session.get(reverse("admin:index")).status_code == 200

    response = old_session.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert old_session.get(reverse("admin:app_list", args=["jobs"])).status_code == 302
    page = old_session.get(response["Location"]).content.decode()
    assert "Enter a code from your authenticator app to open the admin." in page
    assert 'name="code"' in page

    # With a code the old session is let in, and back where it was going.
    response = old_session.post(response["Location"], {"code": code_for(secret)})
    assert response["Location"] == reverse("admin:index")
    assert old_session.get(reverse("admin:index")).status_code == 200


def test_wrong_code_keeps_the_old_session_out_of_the_admin(client):
    UserFactory(username="volunteer", role=roles.CALENDAR_VOLUNTEERS, mfa=False)
    client.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    TOTP.activate(get_user_model().objects.get(username="volunteer"), TOTP_SECRET)
    reauthenticate = client.get(reverse("admin:index"))["Location"]
    response = client.post(reauthenticate, {"code": "000000"})
    assert response.status_code == 200  # the form again, with its error
    assert client.get(reverse("admin:index")).status_code == 302


@committed
def test_setting_up_two_factor_lets_that_session_into_the_admin(client):
    UserFactory(username="volunteer", role=roles.CALENDAR_VOLUNTEERS, mfa=False)
    client.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_second_factor_page_says_log_in_and_runs_no_inline_script(client):
    UserFactory(username="volunteer", role=roles.JOB_BOARD_REVIEWERS)
    client.post(reverse("account_login"), {"login": "volunteer", "password": PASSWORD})
    response = client.get(reverse("mfa_authenticate"))
    html = " ".join(response.content.decode().split())
    assert re.search(r"<title> ?Log in ·", html)
    assert re.search(r"<button class=\"btn btn-primary\"[^>]*> ?Log in ?</button>", html)
    for wrong in ("Sign In", "Sign in", "sign in"):
        assert wrong not in html
    # Only the site's own script files: no inline script, which the CSP would block.
    assert all(" src=" in tag for tag in html.split("<script")[1:])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
