from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template.loader import render_to_string

from community.roles import ROLES


def bad_request(request, exception):
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


def page_not_found(request, exception):
    return HttpResponseNotFound(render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever failed (often the database) must not fail again here.
    return HttpResponseServerError(render_to_string("500.html"))


def permission_denied(request, exception):
    return HttpResponseForbidden(render_to_string("403.html", _denied_context(request), request))


def no_admin_work_page(request):
    """The admin has nothing for this signed-in person: say what they can do, and where."""
    context = {**_denied_context(request), "is_admin": True}
    return HttpResponseForbidden(render_to_string("403.html", context, request))


def _denied_context(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": []}
    names = set(user.groups.values_list("name", flat=True))
    return {"roles": [role for role in ROLES if role.name in names]}
