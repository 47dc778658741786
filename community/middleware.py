from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


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
