from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode

from community.admin_access import admin_offers_work
from community.errors import no_admin_work_page
from community.mfa import session_passed_second_factor


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 instead of a traceback when PostgreSQL is unreachable.

    With CONN_HEALTH_CHECKS on, the next request after the database returns opens
    a new connection, so the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            # Rendered without the request: its user and session need the database too.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


class AdminRequiresMFAMiddleware:
    """Who gets into the admin: volunteers it has work for, with a session that passed
    the second factor.

    Signed-in people it has no work for (members, board members, staff roles whose apps
    register no pages for them yet) get the site's own page saying what they can do and
    where, not Django's bare 403, and are not sent to set up a second factor for an
    admin with nothing in it. The admin's own login is routed through allauth
    (community/urls.py), so the second factor is asked for at every sign-in. Accounts
    without one are sent to set it up; a session older than the account's second factor
    (signed in with a password, then two-factor was turned on elsewhere) is asked for a
    code before the admin opens, as it never gave one.
    """

    # Signing out of the admin works for everyone.
    OPEN_VIEWS = {"logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        match = request.resolver_match
        if match.app_name != "admin" or not user.is_authenticated:
            return None
        if match.url_name in self.OPEN_VIEWS:
            return None
        if not admin_offers_work(request):
            return no_admin_work_page(request)
        query = urlencode({"next": request.get_full_path()})
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                "Volunteers who use the admin must turn on two-factor authentication first.",
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        if not session_passed_second_factor(request):
            messages.info(request, "Enter a code from your authenticator app to open the admin.")
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None


class NulByteInInput(SuspiciousOperation):
    """A query string or form field held a NUL byte."""


class RefuseNulBytesMiddleware:
    """Answer 400 to a query string or form field that contains a NUL byte.

    PostgreSQL cannot hold NUL in text, so any filter that reached the database with one
    (the admin's ``?status__exact=%00``, ``?queue=%00``, ``?country=%00``) failed as a
    500. No field of the site accepts NUL (Django's form fields refuse it too), so one
    check for every request replaces a guard in every list filter. Placed after
    CsrfViewMiddleware, which reads the form body of a POST anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        sources = [request.GET]
        if request.method == "POST":
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise NulByteInInput(f"NUL byte in the request parameter {key!r}")


class PrivateForSignedInMiddleware:
    """A page served to a signed-in person is ``private, no-cache`` unless its view said
    otherwise: it may carry their data (the budget report, the board's overview, their
    shifts), and a shared cache in front of the site must never keep it for someone else.

    Anonymous requests without a session cookie are left alone without touching the
    session, so public pages and feeds pay nothing for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and not response.has_header("Cache-Control")
            and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response
