"""The site's URLconf plus the framework floor: a trivial view with a fixed body.

The body is a copy of a typical page of the site (run.py picks it), so the floor
costs what Django's request/response cycle and middleware cost for that many bytes,
with no template, query or session work.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from bench import FLOOR_PATH
from community import urls as site_urls

handler404 = site_urls.handler404
handler500 = site_urls.handler500

urlpatterns = list(site_urls.urlpatterns)

_body_file = os.environ.get("BENCH_FLOOR_BODY")
if _body_file:
    FLOOR_BODY = Path(_body_file).read_bytes()

    def floor(request):
        return HttpResponse(FLOOR_BODY, content_type="text/html; charset=utf-8")

    # Last, so the site's own URLs resolve exactly as they do without the floor.
    urlpatterns.append(path(FLOOR_PATH, floor, name="bench-floor"))
