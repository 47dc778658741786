"""Every deployment setting that docs/deploy.md names loads as documented.

Settings are read at import, so each case imports them in a fresh interpreter.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "community.python.org,www.community.python.org",
    "CSRF_TRUSTED_ORIGINS": "https://community.python.org",
    "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
}


def load(env, *names):
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "community.settings", **env},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_safe():
    values = load(
        PRODUCTION,
        "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "TASKS", "CACHES", "ALLOWED_HOSTS", "DATABASES", "PAGE_CACHE_TIERS", "TRUSTED_PROXY_COUNT",
    )  # fmt: skip
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    # Without Redis: counters shared through PostgreSQL, pages in each process's memory.
    assert values["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")
    assert values["CACHES"]["near"]["BACKEND"].endswith("LocMemCache")
    assert values["PAGE_CACHE_TIERS"] == ["near"]
    assert values["TRUSTED_PROXY_COUNT"] == 0
    assert values["ALLOWED_HOSTS"] == ["community.python.org", "www.community.python.org"]
    database = values["DATABASES"]["default"]
    assert (database["HOST"], database["NAME"]) == ("db.internal", "portal")
    assert database["CONN_HEALTH_CHECKS"] is True


def test_missing_secret_key_stops_start_up():
    env = dict(PRODUCTION, SECRET_KEY="")
    with pytest.raises(AssertionError, match="SECRET_KEY must be set"):
        load(env, "DEBUG")


def test_scale_out_settings_load():
    env = dict(
        PRODUCTION,
        REDIS_URL="redis://cache.internal:6379/1",
        NEAR_CACHE_MAX_ENTRIES="200",
        EMAIL_URL="smtp://mailer:pw@smtp.internal:587",
        MEDIA_S3_BUCKET="psf-portal-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.net",
        MEDIA_S3_REGION="eu-west-1",
        MEDIA_S3_CUSTOM_DOMAIN="media.community.python.org",
        BEHIND_TLS_PROXY="1",
        SECURE_HSTS_SECONDS="31536000",
        CONN_MAX_AGE="120",
        TRUSTED_PROXY_COUNT="2",
        SHARED_CACHE_MAX_AGE="2",
    )
    values = load(
        env,
        "CACHES", "EMAIL_HOST", "STORAGES", "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS", "DATABASES", "PAGE_CACHE_TIERS", "TRUSTED_PROXY_COUNT",
        "ALLAUTH_TRUSTED_PROXY_COUNT", "SHARED_CACHE_MAX_AGE",
    )  # fmt: skip
    assert values["SHARED_CACHE_MAX_AGE"] == 2
    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert values["CACHES"]["near"]["BACKEND"].endswith("LocMemCache")
    assert values["CACHES"]["near"]["OPTIONS"]["MAX_ENTRIES"] == 200
    assert values["PAGE_CACHE_TIERS"] == ["near", "default"]
    assert values["TRUSTED_PROXY_COUNT"] == values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert values["EMAIL_HOST"] == "smtp.internal"
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "psf-portal-media"
    assert media["OPTIONS"]["custom_domain"] == "media.community.python.org"
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 120


def test_s3_storage_backend_imports():
    from storages.backends.s3 import S3Storage

    storage = S3Storage(bucket_name="psf-portal-media", location="media", querystring_auth=False)
    assert storage.bucket_name == "psf-portal-media"
