"""A rendered page frees what it was given at once, not at the next garbage collection
(community/template_backend.py). Django's own backend left the context in a reference
cycle: on the month grid, 180 entries and their events a request, and collections of 10
to 30 ms every twentieth request."""

import gc
import weakref

from django.template import engines
from django.test import RequestFactory


class Row:
    """Something a page is given: an event, a job post."""


def test_a_page_rendered_for_a_request_lets_go_of_what_it_held():
    # With a request (every view's render()), the context is a RequestContext whose
    # ContextDicts point back at it: the cycle.
    row = Row()
    held = weakref.ref(row)
    request = RequestFactory().get("/")
    template = engines["django"].from_string("{{ rows|length }} {{ csrf_token|yesno:'x,y' }}")
    gc.collect()
    gc.disable()
    try:
        assert template.render({"rows": [row]}, request).startswith("1 ")
        del row
        alive = held() is not None
    finally:
        gc.enable()
    assert not alive


def test_the_site_renders_through_it():
    from community.template_backend import DjangoTemplates

    assert isinstance(engines["django"], DjangoTemplates)
