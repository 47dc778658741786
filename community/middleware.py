from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from community.admin_access import admin_offers_work
from community.errors import no_admin_work_page


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
    """Who gets into the admin: volunteers it has work for, once two-factor is on.

    Signed-in people it has no work for (members, board members, staff roles whose apps
    register no pages for them yet) get the site's own page saying what they can do and
    where, not Django's bare 403, and are not sent to set up a second factor for an
    admin with nothing in it. The admin's own login is routed through allauth
    (community/urls.py), so the second factor is asked for at every sign-in; this closes
    the gap for accounts that have not set one up yet by sending them to set it up.
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
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                "Volunteers who use the admin must turn on two-factor authentication first.",
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return None
