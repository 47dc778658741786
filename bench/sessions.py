"""Signed-in sessions for the logged-in pages of the benchmark."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model


def session_cookie(username: str) -> str:
    """A ``Cookie`` header value that signs ``username`` in, without the login form.

    The one place that knows what a signed-in session holds: when the admin starts
    to require two-factor authentication, mark the session as MFA-authenticated
    here (allauth keeps that in the session too) and every logged-in bench URL
    follows.
    """
    user = get_user_model().objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
