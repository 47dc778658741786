import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_verify_email_and_log_in(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "username": "guido",
                "email": "guido@example.org",
                "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["guido@example.org"]
    assert not EmailAddress.objects.get(email="guido@example.org").verified

    # Not verified yet: the profile is not reachable.
    assert client.get(reverse("community:profile")).status_code == 302

    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="guido@example.org").verified

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "guido", "password": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 302
    profile = client.get(reverse("community:profile"))
    assert profile.status_code == 200
    assert b"guido@example.org" in profile.content


def test_sign_up_errors_rerender_the_form_with_input_kept(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "guido", "email": "not-an-email", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert b'value="guido"' in response.content


def test_unverified_user_cannot_log_in(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(username="unverified", verified_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"), {"login": "unverified", "password": PASSWORD}
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("community:profile")).status_code == 302


def test_password_reset_mails_a_working_link(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
    assert len(mailoutbox) == 1
    reset_url = link_in(mailoutbox[0])
    form_url = client.get(reset_url)["Location"]
    response = client.post(
        form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")


def test_failed_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "member", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "member", "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_profile_edits_names_and_shows_roles(client, calendar_volunteer):
    client.force_login(calendar_volunteer)
    response = client.post(
        reverse("community:profile"), {"first_name": "Cal", "last_name": "Endar"}, follow=True
    )
    assert b"Your profile was saved" in response.content
    assert b"Calendar volunteers" in response.content
    assert b"Two-factor authentication" in response.content
    calendar_volunteer.refresh_from_db()
    assert calendar_volunteer.get_full_name() == "Cal Endar"


def test_profile_requires_login(client):
    response = client.get(reverse("community:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
