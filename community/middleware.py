from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode


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
    """Staff reach the admin only once two-factor authentication is on for their account.

    The admin's own login is routed through allauth (community/urls.py), so the
    second factor is asked for at every sign-in; this closes the gap for accounts
    that have not set one up yet by sending them to set it up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            request.resolver_match.app_name == "admin"
            and user.is_authenticated
            and user.is_staff
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Volunteers who use the admin must turn on two-factor authentication first.",
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
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
