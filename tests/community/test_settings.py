import pytest
from django.core.exceptions import ImproperlyConfigured

from community.env import email_settings, env_bool, env_int


def test_email_url_smtp_with_starttls():
    config = email_settings("smtp://mailer:s%40cret@smtp.example.org:587")
    assert config["EMAIL_HOST"] == "smtp.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "mailer"
    assert config["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert config["EMAIL_USE_TLS"]
    assert not config["EMAIL_USE_SSL"]


def test_email_url_smtps_and_console():
    assert email_settings("smtps://h.example.org")["EMAIL_USE_SSL"]
    assert email_settings("smtps://h.example.org")["EMAIL_PORT"] == 465
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_bad_values_fail_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured):
        email_settings("carrier-pigeon://coop")
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)
