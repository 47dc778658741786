from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string


def page_not_found(request, exception):
    return HttpResponseNotFound(render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever failed (often the database) must not fail again here.
    return HttpResponseServerError(render_to_string("500.html"))
